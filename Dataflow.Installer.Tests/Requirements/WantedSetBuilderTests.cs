using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Requirements;

public sealed class WantedSetBuilderTests : IDisposable
{
    private const string Sha256A = "1786a08236f2c92ae0e70423c45e1e62788ed33028f94ca99c4df03f5be6b3c6";
    private const string Sha256B = "f3d0a94ad151870978fb93538e95411c83899c9dc63e6fb65542f769568ecfa5";

    private readonly RequirementsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<RequirementsFile> ParseAsync(string content) =>
        _folder.Reader.ParseAsync(content, _folder.Full("requirements.txt"), CancellationToken.None);

    private async Task<IReadOnlyList<WantedDistribution>> BuildAsync(string content, bool requireHashes = false) =>
        WantedSetBuilder.Build(await ParseAsync(content), MarkerEnvironments.Linux311, requireHashes);

    private async Task<RequirementsFileException> FailAsync(string content, bool requireHashes = false)
    {
        var file = await ParseAsync(content);
        var build = () => WantedSetBuilder.Build(file, MarkerEnvironments.Linux311, requireHashes);
        return build.Should().Throw<RequirementsFileException>().Which;
    }

    [Fact]
    public async Task Requirements_whose_markers_do_not_apply_to_the_target_are_skipped()
    {
        var wanted = await BuildAsync("""
            attrs==23.1.0
            pywin32==306 ; sys_platform == "win32"
            tomli==2.0.1 ; python_version < "3.11"
            exceptiongroup==1.2.0 ; python_version >= "3.11"
            """);

        wanted.Select(item => item.Name.Normalized).Should().Equal("attrs", "exceptiongroup");
    }

    [Fact]
    public async Task The_name_as_written_is_kept_for_a_named_requirement_and_a_wheel_path_as_pip_reads_them()
    {
        var wanted = await BuildAsync("Zope.Interface >= 6.0\n./dist/Odd_Name-1.0-py3-none-any.whl\n./dist/plain-1.0.tar.gz\n");

        wanted.Select(item => item.NameAsWritten).Should().Equal("Zope.Interface", "Odd-Name", null);
    }

    [Fact]
    public async Task A_path_requirement_whose_marker_does_not_apply_is_skipped()
    {
        var wanted = await BuildAsync("./dist/alpha-1.0-py3-none-any.whl ; sys_platform == \"win32\"\nattrs==23.1.0\n");

        wanted.Select(item => item.Name.Normalized).Should().Equal("attrs");
    }

    [Fact]
    public async Task Names_are_normalised_and_specifiers_and_locations_kept()
    {
        var wanted = await BuildAsync("attrs==23.1.0\nZope.Interface >= 6.0, < 7\n");

        wanted[1].Name.Should().Be(PackageName.Parse("zope-interface"));
        wanted[1].Specifier.Should().Be(VersionSpecifierSet.Parse(">=6.0,<7"));
        wanted[1].Location.ToString().Should().EndWith("requirements.txt:2");
        wanted[1].DirectUrl.Should().BeNull();
    }

    [Fact]
    public async Task Constraints_narrow_the_specifier_of_a_listed_project()
    {
        _folder.Write("constraints.txt", "urllib3<2\n");

        var wanted = await BuildAsync("-c constraints.txt\nurllib3>=1.26\n");

        var urllib3 = wanted.Single();
        urllib3.Specifier.Contains(PackageVersion.Parse("1.26.18")).Should().BeTrue();
        urllib3.Specifier.Contains(PackageVersion.Parse("2.0.0")).Should().BeFalse();
        urllib3.Specifier.Contains(PackageVersion.Parse("1.25")).Should().BeFalse();
    }

    [Fact]
    public async Task Constraints_never_add_a_project_that_is_not_required()
    {
        _folder.Write("constraints.txt", "urllib3<2\nidna==3.4\n");

        var wanted = await BuildAsync("-c constraints.txt\nattrs==23.1.0\n");

        wanted.Select(item => item.Name.Normalized).Should().Equal("attrs");
    }

    [Fact]
    public async Task Constraints_whose_markers_do_not_apply_are_ignored()
    {
        _folder.Write("constraints.txt", "urllib3<2 ; sys_platform == \"win32\"\n");

        var wanted = await BuildAsync("-c constraints.txt\nurllib3>=1.26\n");

        wanted.Single().Specifier.Contains(PackageVersion.Parse("2.1.0")).Should().BeTrue();
    }

    [Fact]
    public async Task A_project_required_twice_in_different_ways_is_an_error_naming_both_locations()
    {
        var error = await FailAsync("attrs==23.1.0\nsix\nattrs==22.2.0\n");

        error.Location.Line.Should().Be(3);
        error.Message.Should().Contain("requirements.txt:3").And.Contain("requirements.txt:1").And.Contain("attrs");
    }

    [Fact]
    public async Task A_project_required_twice_under_differently_spelled_names_is_an_error()
    {
        var error = await FailAsync("Zope.Interface==6.0\nzope-interface==6.1\n");

        error.Location.Line.Should().Be(2);
    }

    [Fact]
    public async Task The_same_requirement_twice_asks_for_it_once()
    {
        _folder.Write("more.txt", "attrs==23.1.0\n");

        var wanted = await BuildAsync("attrs==23.1.0\n-r more.txt\nattrs==23.1.0\n");

        wanted.Should().ContainSingle().Which.Name.Normalized.Should().Be("attrs");
    }

    [Fact]
    public async Task Hashes_are_carried_to_the_wanted_distribution()
    {
        var wanted = await BuildAsync($"attrs==23.1.0 --hash=sha256:{Sha256A} --hash=sha256:{Sha256B}\n");

        wanted.Single().Hashes.Should().Equal($"sha256:{Sha256A}", $"sha256:{Sha256B}");
    }

    [Fact]
    public async Task One_hash_turns_on_hash_checking_so_a_requirement_without_one_is_an_error_naming_its_line()
    {
        var error = await FailAsync($"attrs==23.1.0 --hash=sha256:{Sha256A}\nsix==1.16.0\n");

        error.Message.Should().StartWith($"{_folder.Full("requirements.txt")}:2:").And.Contain("six").And.Contain("--hash");
    }

    [Fact]
    public async Task A_hash_on_a_requirement_skipped_by_its_marker_still_turns_on_hash_checking()
    {
        // pip decides hash-checking mode from every requirement line before markers are evaluated.
        var error = await FailAsync($"six==1.16.0 ; sys_platform == \"win32\" --hash=sha256:{Sha256A}\nattrs==23.1.0\n");

        error.Location.Line.Should().Be(2);
        error.Message.Should().Contain("attrs").And.Contain("--hash");
    }

    [Fact]
    public async Task In_hash_checking_mode_a_requirement_not_pinned_with_double_equals_is_an_error_naming_its_line()
    {
        var error = await FailAsync($"attrs==23.1.0 --hash=sha256:{Sha256A}\nsix>=1.16 --hash=sha256:{Sha256B}\n");

        error.Message.Should().StartWith($"{_folder.Full("requirements.txt")}:2:").And.Contain("==");
    }

    [Fact]
    public async Task Require_hashes_in_the_file_makes_a_hash_mandatory()
    {
        var error = await FailAsync("--require-hashes\nsix==1.16.0\n");

        error.Location.Line.Should().Be(2);
        error.Message.Should().Contain("--require-hashes");
    }

    [Fact]
    public async Task Require_hashes_from_the_command_line_makes_a_hash_mandatory()
    {
        var error = await FailAsync("six==1.16.0\n", requireHashes: true);

        error.Message.Should().Contain("six").And.Contain("--require-hashes");
    }

    [Fact]
    public async Task Without_any_hash_or_require_hashes_unpinned_requirements_are_fine()
    {
        var wanted = await BuildAsync("six\nattrs>=22\n");

        wanted.Should().HaveCount(2);
    }

    [Fact]
    public async Task Hash_checking_accepts_pinned_and_hashed_requirements()
    {
        var wanted = await BuildAsync($"attrs==23.1.0 --hash=sha256:{Sha256A}\nsix==1.16.0 --hash=sha256:{Sha256B}\n", requireHashes: true);

        wanted.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_named_direct_reference_gets_its_url_and_the_name_from_the_wheel()
    {
        var wanted = await BuildAsync("alpha @ file:///x/alpha-1.0-py3-none-any.whl\n");

        var alpha = wanted.Single();
        alpha.Name.Should().Be(PackageName.Parse("alpha"));
        alpha.DirectUrl.Should().Be(new Uri("file:///x/alpha-1.0-py3-none-any.whl"));
        alpha.Specifier.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task A_path_line_gets_its_url_and_the_name_from_the_wheel_file_name()
    {
        var wanted = await BuildAsync("./dist/Alpha_Beta-1.0-py3-none-any.whl\n");

        var item = wanted.Single();
        item.Name.Should().Be(PackageName.Parse("alpha-beta"));
        item.DirectUrl.Should().NotBeNull();
        item.DirectUrl!.IsFile.Should().BeTrue();
        item.DirectUrl.LocalPath.Should().Be(_folder.Full("dist/Alpha_Beta-1.0-py3-none-any.whl"));
    }

    [Fact]
    public async Task A_direct_reference_whose_wheel_names_another_project_is_an_error()
    {
        var error = await FailAsync("beta @ file:///x/alpha-1.0-py3-none-any.whl\n");

        error.Location.Line.Should().Be(1);
        error.Message.Should().Contain("beta").And.Contain("alpha");
    }

    [Fact]
    public async Task A_path_line_that_is_not_a_distribution_file_is_an_error()
    {
        var error = await FailAsync("./dist/notes.txt\n");

        error.Message.Should().Contain("notes.txt");
    }

    [Fact]
    public async Task A_direct_reference_needs_a_hash_but_no_pin_in_hash_checking_mode()
    {
        var wanted = await BuildAsync($"alpha @ file:///x/alpha-1.0-py3-none-any.whl --hash=sha256:{Sha256A}\n", requireHashes: true);

        wanted.Single().Hashes.Should().Equal($"sha256:{Sha256A}");
    }

    [Fact]
    public async Task Constraints_do_not_apply_to_direct_references()
    {
        _folder.Write("constraints.txt", "alpha<1\n");

        var wanted = await BuildAsync("-c constraints.txt\nalpha @ file:///x/alpha-1.0-py3-none-any.whl\n");

        wanted.Single().Specifier.IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("./project", false)]
    [InlineData("demo @ file://{0}", false)]
    [InlineData("-e ./project", true)]
    [InlineData("--editable file://{0}", true)]
    public async Task A_project_folder_is_wanted_with_its_folder_and_the_name_its_pyproject_gives(string line, bool editable)
    {
        _folder.Write("project/pyproject.toml", "[project]\nname = \"Demo\"\nversion = \"1.0\"\n");

        var wanted = await BuildAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, line, _folder.Full("project")) + "\n");

        var item = wanted.Single();
        item.Name.Should().Be(PackageName.Parse("demo"));
        item.SourceFolder.Should().Be(_folder.Full("project"));
        item.Editable.Should().Be(editable);
        item.DirectUrl.Should().Be(new Uri(_folder.Full("project")));
        item.Specifier.IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("project/setup.cfg", "[options]\nzip_safe = False\n[metadata]\nversion = 2.0\nname = from-cfg\n", "-e ./project", "from-cfg")]
    [InlineData("project/pyproject.toml", "project.name = \"dotted\"\n", "./project", "dotted")]
    [InlineData("project/setup.py", "", "-e file:project#egg=from_egg", "from-egg")]
    [InlineData("project/setup.py", "", "Named @ file://{0}", "named")]
    public async Task A_project_folder_s_name_comes_from_setup_cfg_a_dotted_key_an_egg_fragment_or_the_line(string file, string content, string line, string name)
    {
        _folder.Write(file, content);
        _folder.Write("project/setup.py", "");

        var wanted = await BuildAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, line, _folder.Full("project")) + "\n");

        wanted.Single().Name.Should().Be(PackageName.Parse(name));
    }

    [Fact]
    public async Task A_project_folder_whose_name_only_its_build_knows_gets_a_placeholder_for_the_planner_to_replace()
    {
        _folder.Write("project/setup.py", "from setuptools import setup\nsetup(name='hidden')\n");
        _folder.Write("other/pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\n");

        var wanted = await BuildAsync("-e ./project\n./other\n");

        wanted.Should().HaveCount(2).And.OnlyContain(item => item.NameFromBuild && item.Name.Normalized.StartsWith("unnamed-folder-"));
        wanted[0].Name.Should().NotBe(wanted[1].Name, "each folder's placeholder is its own");
        wanted[0].Display.Should().Be("the project in " + _folder.Full("project"));
    }

    [Fact]
    public async Task A_project_folder_with_invalid_pyproject_toml_is_an_error_naming_the_line_and_the_file()
    {
        _folder.Write("project/pyproject.toml", "[project\nname = 1\n");

        var error = await FailAsync("./project\n");

        error.Message.Should().Contain("requirements.txt:1: " + _folder.Full("project/pyproject.toml") + " is not valid TOML: line 1");
    }

    [Fact]
    public async Task A_project_folder_cannot_be_hash_checked()
    {
        _folder.Write("project/pyproject.toml", "[project]\nname = \"demo\"\n");

        var error = await FailAsync($"six==1.16.0 --hash=sha256:{Sha256A}\n./project\n");

        error.Message.Should().Contain("requirements.txt:2: 'demo @ file://").And.Contain("is a project folder, which cannot be checked against a hash");
    }

    [Fact]
    public async Task The_same_folder_wanted_editable_and_not_is_an_error()
    {
        _folder.Write("project/pyproject.toml", "[project]\nname = \"demo\"\n");

        var error = await FailAsync("./project\n-e ./project\n");

        error.Message.Should().Contain("requirements.txt:2: 'demo' is already required");
    }

    [Theory]
    [InlineData("demo @ git+https://git.example/demo.git@v1.0#subdirectory=src", null)]
    [InlineData("git+https://git.example/demo.git@v1.0#subdirectory=src&egg=demo", "demo")]
    public async Task A_git_requirement_is_wanted_with_its_repository_and_revision(string line, string? egg)
    {
        var wanted = await BuildAsync(line + "\n");

        var item = wanted.Single();
        item.Name.Should().Be(PackageName.Parse("demo"));
        item.Vcs.Should().Be(new VcsReference("https://git.example/demo.git", "v1.0", "src", egg));
        item.DirectUrl.Should().BeNull();
        item.Display.Should().Be("demo @ git+https://git.example/demo.git@v1.0#subdirectory=src");
    }

    [Fact]
    public async Task A_git_url_without_a_name_is_an_error_saying_how_to_name_it()
    {
        var error = await FailAsync("git+https://git.example/demo.git@v1.0\n");

        error.Message.Should().Contain("requirements.txt:1: 'git+https://git.example/demo.git@v1.0' does not say which project it holds: write it as 'NAME @ git+");
    }

    [Fact]
    public async Task A_git_requirement_cannot_be_hash_checked()
    {
        var error = await FailAsync($"six==1.16.0 --hash=sha256:{Sha256A}\ndemo @ git+https://git.example/demo.git@v1.0\n");

        error.Message.Should().Contain("requirements.txt:2: 'demo @ git+https://git.example/demo.git@v1.0' is a version control requirement, which cannot be checked against a hash");
    }

    [Fact]
    public async Task A_lock_file_marker_variable_in_a_requirements_file_is_an_error_naming_the_line()
    {
        var error = await FailAsync("six==1.16.0\nattrs==23.1.0 ; 'dev' in dependency_groups\n");

        error.Message.Should().Contain("requirements.txt:2: marker").And.Contain("dependency_groups");
    }
}
