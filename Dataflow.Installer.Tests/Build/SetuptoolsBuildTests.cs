using System.IO.Compression;
using Dataflow.Installer.Build;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Build;

public sealed class SetuptoolsBuildTests(SetuptoolsInterpreterFixture interpreter) : IClassFixture<SetuptoolsInterpreterFixture>
{
    private static readonly ConfigSettings NoSettings = ConfigSettings.None;

    [Fact]
    public async Task A_pyproject_setuptools_project_builds_a_wheel_with_its_module_and_console_script()
    {
        using var temp = new TemporaryDirectory();
        var tree = SourceTreeFixtures.CopyTo(temp, "setuptoolsDemo");
        var system = BuildSystem.Read(tree);
        using var builder = new Pep517Builder();

        var wheel = await builder.BuildWheelAsync(tree, system, interpreter.Python, NoSettings, temp.Combine("out"), CancellationToken.None);

        system.BuildBackend.Should().Be("setuptools.build_meta");
        WheelFilename.TryParse(Path.GetFileName(wheel), out var name).Should().BeTrue();
        name!.Name.Normalized.Should().Be("setuptools-demo");
        name.Version.Should().Be("2.0");
        using var zip = ZipFile.OpenRead(wheel);
        zip.Entries.Select(entry => entry.FullName).Should().Contain(["setuptools_demo.py", "setuptools_demo-2.0.dist-info/RECORD"]);
        (await EntryText(zip, "setuptools_demo-2.0.dist-info/entry_points.txt")).Should().Contain("setuptools-demo = setuptools_demo:main");
    }

    [Fact]
    public async Task A_setup_py_only_project_builds_through_the_legacy_backend()
    {
        using var temp = new TemporaryDirectory();
        var tree = SourceTreeFixtures.CopyTo(temp, "legacyDemo");
        var system = BuildSystem.Read(tree);
        using var builder = new Pep517Builder();

        var wheel = await builder.BuildWheelAsync(tree, system, interpreter.Python, NoSettings, temp.Combine("out"), CancellationToken.None);

        system.Should().Be(BuildSystem.Default);
        Path.GetFileName(wheel).Should().Be("legacy_demo-3.0-py3-none-any.whl");
        using var zip = ZipFile.OpenRead(wheel);
        zip.Entries.Select(entry => entry.FullName).Should().Contain("legacy_demo.py");
        (await EntryText(zip, "legacy_demo-3.0.dist-info/entry_points.txt")).Should().Contain("legacy-demo = legacy_demo:main");
    }

    [Theory]
    [InlineData("setuptoolsDemo")]
    [InlineData("legacyDemo")]
    public async Task Setuptools_answers_get_requires_with_a_list_of_requirements(string fixture)
    {
        using var temp = new TemporaryDirectory();
        var tree = SourceTreeFixtures.CopyTo(temp, fixture);
        using var builder = new Pep517Builder();

        var requires = await builder.GetRequiresForBuildWheelAsync(tree, BuildSystem.Read(tree), interpreter.Python, NoSettings, CancellationToken.None);

        // setuptools before 70.1 asks for 'wheel'; later ones ask for nothing.
        requires.Where(requirement => !Requirement.TryParse(requirement, out _)).Should().BeEmpty();
        requires.Should().BeSubsetOf(["wheel"]);
    }

    private static async Task<string> EntryText(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        entry.Should().NotBeNull($"the wheel should hold {name}");
        using var reader = new StreamReader(entry!.Open());
        return await reader.ReadToEndAsync();
    }
}
