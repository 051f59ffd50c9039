using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

public sealed class DistributionSelectorTests
{
    private const string Origin = "https://index.example/simple/alpha/";
    private static readonly PackageName Alpha = PackageName.Parse("alpha");

    private static readonly InterpreterInfo CPython311Glibc = TestInterpreters.CPython311Glibc;

    private static FileSelectionContext Context(bool allowPrereleases = false, bool allowSourceDistributions = false) =>
        new(CompatibilityTags.ForInterpreter(CPython311Glibc), PackageVersion.Parse("3.11.7"), allowPrereleases, allowSourceDistributions);

    private static IndexFile File(
        string filename, bool yanked = false, string? yankedReason = null, string? requiresPython = null, string? sha256 = null) =>
        new(
            filename,
            new Uri($"https://files.example/{filename}"),
            sha256 is null ? IndexFile.NoHashes : new Dictionary<string, string> { ["sha256"] = sha256 },
            requiresPython,
            yanked,
            yankedReason,
            Size: null,
            HasCoreMetadata: false,
            CoreMetadataHashes: IndexFile.NoHashes,
            Origin);

    private static SelectedFile Select(string specifier, IReadOnlyList<IndexFile> files, FileSelectionContext? context = null, IReadOnlyList<string>? hashes = null) =>
        DistributionSelector.Select(Alpha, VersionSpecifierSet.Parse(specifier), hashes ?? [], files, context ?? Context(), $"alpha{specifier}");

    private static FindingException Fail(string specifier, IReadOnlyList<IndexFile> files, FileSelectionContext? context = null, IReadOnlyList<string>? hashes = null)
    {
        var select = () => Select(specifier, files, context, hashes);
        return select.Should().Throw<FindingException>().Which;
    }

    [Fact]
    public void The_newest_version_the_specifier_allows_wins()
    {
        var files = new[] { File("alpha-1.0-py3-none-any.whl"), File("alpha-2.1-py3-none-any.whl"), File("alpha-1.5-py3-none-any.whl"), File("alpha-3.0-py3-none-any.whl") };

        var selected = Select("<3", files);

        selected.Version.Should().Be(PackageVersion.Parse("2.1"));
        selected.File.Filename.Should().Be("alpha-2.1-py3-none-any.whl");
        selected.Warning.Should().BeNull();
    }

    [Fact]
    public void Pre_releases_are_skipped_when_a_final_release_is_allowed()
    {
        var selected = Select("", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0b1-py3-none-any.whl")]);

        selected.Version.Should().Be(PackageVersion.Parse("1.0"));
    }

    [Fact]
    public void A_pre_release_pinned_exactly_is_chosen()
    {
        var selected = Select("==2.0b1", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0b1-py3-none-any.whl")]);

        selected.Version.Should().Be(PackageVersion.Parse("2.0b1"));
    }

    [Fact]
    public void Pre_releases_are_chosen_when_nothing_else_exists()
    {
        var selected = Select("", [File("alpha-2.0a1-py3-none-any.whl"), File("alpha-2.0b1-py3-none-any.whl")]);

        selected.Version.Should().Be(PackageVersion.Parse("2.0b1"));
    }

    [Fact]
    public void Pre_releases_are_chosen_when_allowed()
    {
        var selected = Select("", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0rc1-py3-none-any.whl")], Context(allowPrereleases: true));

        selected.Version.Should().Be(PackageVersion.Parse("2.0rc1"));
    }

    [Fact]
    public void A_yanked_file_is_skipped_unless_pinned_exactly()
    {
        var files = new[] { File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0-py3-none-any.whl", yanked: true) };

        Select(">=1", files).Version.Should().Be(PackageVersion.Parse("1.0"));
    }

    [Fact]
    public void A_yanked_file_pinned_exactly_is_chosen_with_a_warning_naming_the_reason()
    {
        var files = new[] { File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0-py3-none-any.whl", yanked: true, yankedReason: "broken metadata") };

        var selected = Select("==2.0", files);

        selected.Version.Should().Be(PackageVersion.Parse("2.0"));
        selected.Warning.Should().Contain("alpha-2.0-py3-none-any.whl").And.Contain("yanked").And.Contain("broken metadata");
    }

    [Fact]
    public void Only_yanked_files_and_no_exact_pin_is_an_error_saying_they_are_yanked()
    {
        var error = Fail(">=1", [File("alpha-2.0-py3-none-any.whl", yanked: true)]);

        error.Message.Should().Contain("alpha-2.0-py3-none-any.whl is yanked");
    }

    [Fact]
    public void A_file_whose_requires_python_excludes_the_target_is_skipped()
    {
        var files = new[] { File("alpha-1.0-py3-none-any.whl", requiresPython: ">=3.8"), File("alpha-2.0-py3-none-any.whl", requiresPython: ">=3.12") };

        Select("", files).Version.Should().Be(PackageVersion.Parse("1.0"));
    }

    [Fact]
    public void When_requires_python_refuses_everything_the_error_says_why()
    {
        var error = Fail("", [File("alpha-2.0-py3-none-any.whl", requiresPython: ">=3.12")]);

        error.Message.Should().Contain("alpha-2.0-py3-none-any.whl requires Python >=3.12").And.Contain("2.0");
    }

    [Fact]
    public void A_manylinux_wheel_beats_a_pure_wheel_of_the_same_version_on_cpython_3_11_glibc()
    {
        var files = new[]
        {
            File("alpha-1.0-py3-none-any.whl"),
            File("alpha-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
            File("alpha-1.0-cp311-cp311-win_amd64.whl"),
        };

        Select("", files).File.Filename.Should().Be("alpha-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
    }

    [Fact]
    public void A_newer_pure_wheel_beats_an_older_binary_wheel()
    {
        var files = new[] { File("alpha-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"), File("alpha-1.1-py3-none-any.whl") };

        Select("", files).File.Filename.Should().Be("alpha-1.1-py3-none-any.whl");
    }

    [Fact]
    public void Wheels_for_other_platforms_are_refused_with_a_reason()
    {
        var error = Fail("", [File("alpha-1.0-cp311-cp311-win_amd64.whl"), File("alpha-1.0-cp311-cp311-macosx_11_0_arm64.whl")]);

        error.Message.Should().Contain("alpha-1.0-cp311-cp311-win_amd64.whl is not compatible with this interpreter");
    }

    [Fact]
    public void The_highest_build_tag_breaks_a_tie_between_equally_ranked_wheels()
    {
        var files = new[]
        {
            File("alpha-1.0-1-py3-none-any.whl"),
            File("alpha-1.0-10-py3-none-any.whl"),
            File("alpha-1.0-2-py3-none-any.whl"),
            File("alpha-1.0-py3-none-any.whl"),
        };

        Select("", files).File.Filename.Should().Be("alpha-1.0-10-py3-none-any.whl");
    }

    [Fact]
    public void A_version_available_only_as_a_source_distribution_is_refused_under_no_build_naming_the_option()
    {
        var error = Fail("==1.0", [File("alpha-1.0.tar.gz")]);

        error.Message.Should().Contain("alpha-1.0.tar.gz").And.Contain("source distribution").And.Contain("--no-build");
    }

    [Fact]
    public void Only_binary_for_the_project_refuses_its_sdist_and_takes_an_older_wheel()
    {
        var onlyBinary = Context(allowSourceDistributions: true) with { Formats = BinaryFormatControl.None.With("alpha", onlyBinary: true) };

        Select("", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0.tar.gz")], onlyBinary).File.Filename.Should().Be("alpha-1.0-py3-none-any.whl");
        Fail("==2.0", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0.tar.gz")], onlyBinary).Message.Should().Contain("--only-binary");
    }

    [Fact]
    public void No_binary_all_passes_over_wheels_for_the_sdist_unless_only_binary_names_the_project()
    {
        var files = new[] { File("alpha-1.0-py3-none-any.whl"), File("alpha-1.0.tar.gz") };
        var noBinary = Context(allowSourceDistributions: true) with { Formats = BinaryFormatControl.None.With(":all:", onlyBinary: false) };
        var exempted = noBinary with { Formats = noBinary.Formats.With("alpha", onlyBinary: true) };

        Select("==1.0", files, noBinary).File.Filename.Should().Be("alpha-1.0.tar.gz");
        Select("==1.0", files, exempted).File.Filename.Should().Be("alpha-1.0-py3-none-any.whl");
    }

    [Fact]
    public void By_default_a_newer_sdist_wins_over_an_older_wheel_as_with_pip()
    {
        var selected = Select("", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0.tar.gz")], Context(allowSourceDistributions: true));

        selected.File.Filename.Should().Be("alpha-2.0.tar.gz");
    }

    [Fact]
    public void Prefer_binary_takes_the_newest_version_with_a_usable_wheel_over_a_newer_sdist()
    {
        var files = new[]
        {
            File("alpha-1.0-py3-none-any.whl"), File("alpha-1.5-py3-none-any.whl"), File("alpha-1.5.tar.gz"),
            File("alpha-2.0.tar.gz"), File("alpha-2.0-cp27-cp27m-win32.whl"),
        };
        var context = Context(allowSourceDistributions: true) with { PreferBinary = true };

        Select("", files, context).File.Filename.Should().Be("alpha-1.5-py3-none-any.whl", "2.0's only wheel does not fit this interpreter");
        Select(">=2", files, context).File.Filename.Should().Be("alpha-2.0.tar.gz", "with no usable wheel allowed, the sdist is still taken");
    }

    [Fact]
    public void A_newer_source_distribution_does_not_hide_an_older_wheel_when_builds_are_off()
    {
        var selected = Select("", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0.tar.gz")]);

        selected.File.Filename.Should().Be("alpha-1.0-py3-none-any.whl");
    }

    [Fact]
    public void No_matching_version_is_an_error_listing_the_versions_available()
    {
        var error = Fail(">=5", [File("alpha-1.0-py3-none-any.whl"), File("alpha-2.0-py3-none-any.whl")]);

        error.Message.Should().Contain("alpha>=5").And.Contain("versions available: 2.0, 1.0");
    }

    [Fact]
    public void A_file_whose_index_hash_matches_none_of_the_requirement_hashes_is_skipped()
    {
        var good = new string('a', 64);
        var other = new string('b', 64);
        var files = new[] { File("alpha-1.0-py3-none-any.whl", sha256: good), File("alpha-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", sha256: other) };

        var selected = Select("==1.0", files, hashes: [$"sha256:{good}"]);

        selected.File.Filename.Should().Be("alpha-1.0-py3-none-any.whl");
    }

    [Fact]
    public void When_no_index_hash_matches_the_error_says_so()
    {
        var error = Fail("==1.0", [File("alpha-1.0-py3-none-any.whl", sha256: new string('b', 64))], hashes: [$"sha256:{new string('a', 64)}"]);

        error.Message.Should().Contain("matches none of the requirement's --hash values");
    }

    [Fact]
    public void A_file_without_an_index_hash_is_not_refused_for_the_requirement_hashes()
    {
        var selected = Select("==1.0", [File("alpha-1.0-py3-none-any.whl")], hashes: [$"sha256:{new string('a', 64)}"]);

        selected.File.Filename.Should().Be("alpha-1.0-py3-none-any.whl");
    }

    [Fact]
    public void Files_of_other_projects_are_ignored()
    {
        var files = new[] { File("alpha-1.0-py3-none-any.whl"), File("alphabet-9.0-py3-none-any.whl"), File("alpha_beta-8.0-py3-none-any.whl") };

        Select("", files).Version.Should().Be(PackageVersion.Parse("1.0"));
    }

    [Fact]
    public void Only_files_of_other_projects_is_an_error_naming_where_it_looked()
    {
        var error = Fail("", [File("alphabet-9.0-py3-none-any.whl")]);

        error.Message.Should().Contain("no distribution files for 'alpha'").And.Contain(Origin);
    }
}
