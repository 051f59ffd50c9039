using Dataflow.Installer.Environments;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Requirements;

public sealed class PylockSelectorTests
{
    private static readonly CompatibilityTags Tags = new(
        CompatibilityTag.ParseSet("cp311-cp311-manylinux_2_17_x86_64").Concat(CompatibilityTag.ParseSet("cp311-abi3-manylinux_2_17_x86_64"))
            .Concat(CompatibilityTag.ParseSet("py3-none-any")));

    private static readonly PackageVersion Python = PackageVersion.Parse("3.11.7");

    private static PylockArchive File(string name) =>
        new(name, new Uri("https://files.example/" + name), new Dictionary<string, string> { ["sha256"] = new('a', 64) }, null);

    private static PylockPackage Package(string name, string? marker = null, string? index = "https://pypi.org/simple", PylockArchive? sdist = null, params string[] wheels) =>
        new(1, name, null, marker, null, index, [.. wheels.Select(File)], sdist, null, null, null);

    private static IReadOnlyList<WantedDistribution> Select(params PylockPackage[] packages) => Select(new PylockFile("pylock.toml", null, [], ["default"], packages));

    private static IReadOnlyList<WantedDistribution> Select(PylockFile lockFile) => PylockSelector.Select(lockFile, MarkerEnvironments.Linux311, Tags, Python);

    [Fact]
    public void The_best_fitting_wheel_is_chosen_by_the_interpreter_s_tags()
    {
        var wanted = Select(Package("fast", wheels: ["fast-1.0-py3-none-any.whl", "fast-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "fast-1.0-cp311-cp311-win_amd64.whl"]));

        wanted.Single().Locked!.FileName.Should().Be("fast-1.0-cp311-cp311-manylinux_2_17_x86_64.whl");
    }

    [Fact]
    public void An_index_package_is_wanted_by_version_and_a_package_without_an_index_by_its_url()
    {
        var wanted = Select(Package("fromindex", wheels: ["fromindex-2.0-py3-none-any.whl"]), Package("direct", index: null, wheels: ["direct-1.0-py3-none-any.whl"]));

        wanted[0].Specifier.ToString().Should().Be("==2.0");
        wanted[0].DirectUrl.Should().BeNull("it is installed as from an index, without direct_url.json");
        wanted[1].DirectUrl.Should().Be(new Uri("https://files.example/direct-1.0-py3-none-any.whl"));
    }

    [Fact]
    public void The_sdist_is_taken_when_no_wheel_fits_and_an_error_names_the_package_when_there_is_none()
    {
        Select(Package("built", sdist: File("built-1.0.tar.gz"), wheels: ["built-1.0-cp311-cp311-win_amd64.whl"])).Single().Locked!.FileName.Should().Be("built-1.0.tar.gz");

        var select = () => Select(Package("windows", wheels: ["windows-1.0-cp311-cp311-win_amd64.whl"]));

        select.Should().Throw<RequirementsFileException>().WithMessage("pylock.toml: packages[1] ('windows'): none of its 1 wheels fits this interpreter*and it has no sdist");
    }

    [Theory]
    [InlineData("'default' in dependency_groups", true)]
    [InlineData("'dev' in dependency_groups", false)]
    [InlineData("'def' in dependency_groups", false)]
    [InlineData("'dev' not in dependency_groups and sys_platform == 'linux'", true)]
    [InlineData("'docs' in extras", false)]
    [InlineData("sys_platform == 'win32'", false)]
    public void A_package_s_marker_decides_with_the_default_groups_and_no_extras(string marker, bool installed)
    {
        Select(Package("maybe", marker, wheels: ["maybe-1.0-py3-none-any.whl"])).Should().HaveCount(installed ? 1 : 0);
    }

    [Fact]
    public void A_lock_for_another_python_or_environment_is_refused()
    {
        var older = () => Select(new PylockFile("pylock.toml", "<3.10", [], [], []));
        var windows = () => Select(new PylockFile("pylock.toml", null, ["sys_platform == 'win32'", "sys_platform == 'darwin'"], [], []));

        older.Should().Throw<RequirementsFileException>().WithMessage("pylock.toml: is for Python <3.10, not this interpreter's 3.11.7");
        windows.Should().Throw<RequirementsFileException>().WithMessage("pylock.toml: is for other environments (sys_platform == 'win32'; sys_platform == 'darwin'), not this interpreter's");
    }

    [Fact]
    public void Two_entries_of_one_project_for_this_environment_are_refused()
    {
        var select = () => Select(Package("twice", wheels: ["twice-1.0-py3-none-any.whl"]), Package("Twice", wheels: ["twice-2.0-py3-none-any.whl"]) with { Position = 2 });

        select.Should().Throw<RequirementsFileException>().WithMessage("*packages[2] and packages[1] are both 'twice' for this environment*");
    }

    [Theory]
    [InlineData(new string[0], null, "base")]
    [InlineData(new[] { "Docs" }, null, "base,docs-tool")]
    [InlineData(new string[0], new[] { "dev" }, "dev-tool")]
    [InlineData(new[] { "docs" }, new[] { "default", "dev" }, "base,dev-tool,docs-tool")]
    public void Extras_and_groups_asked_for_replace_the_defaults_in_the_markers(string[] extras, string[]? groups, string expected)
    {
        var lockFile = new PylockFile("pylock.toml", null, [], ["default"],
        [
            Package("base", "'default' in dependency_groups", wheels: ["base-1.0-py3-none-any.whl"]),
            Package("dev-tool", "'dev' in dependency_groups", wheels: ["dev_tool-1.0-py3-none-any.whl"]),
            Package("docs-tool", "'docs' in extras", wheels: ["docs_tool-1.0-py3-none-any.whl"]),
        ])
        { Extras = ["docs"], DependencyGroups = ["default", "dev"] };

        var wanted = PylockSelector.Select(lockFile, MarkerEnvironments.Linux311, Tags, Python, extras, groups);

        string.Join(",", wanted.Select(item => item.Name.Normalized)).Should().Be(expected);
    }

    [Fact]
    public void An_extra_or_group_the_lock_does_not_list_is_refused()
    {
        var lockFile = new PylockFile("pylock.toml", null, [], [], []) { Extras = ["docs"], DependencyGroups = ["dev"] };

        var extra = () => PylockSelector.Select(lockFile, MarkerEnvironments.Linux311, Tags, Python, ["test"]);
        var group = () => PylockSelector.Select(lockFile, MarkerEnvironments.Linux311, Tags, Python, [], ["lint"]);

        extra.Should().Throw<RequirementsFileException>().WithMessage("pylock.toml: has no extra 'test' (its extras: docs)");
        group.Should().Throw<RequirementsFileException>().WithMessage("pylock.toml: has no dependency group 'lint' (its dependency-groups: dev)");
    }
}
