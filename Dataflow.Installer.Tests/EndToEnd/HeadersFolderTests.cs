using Dataflow.Installer.Tests.Install;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>A wheel's <c>.data/headers</c> go where pip puts them: a folder named as the requirement spells the project.</summary>
public sealed class HeadersFolderTests
{
    [Fact]
    public async Task Headers_go_under_the_project_name_as_the_requirement_spells_it_as_pip_puts_them()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var wheel = new WheelBuilder("header-demo", "1.0").Add("header_demo/__init__.py", "");
        wheel.Add($"{wheel.DataName}/headers/sub/demo.h", "int demo;\n");
        var folder = await sandbox.WriteWheelsAsync(wheel);
        var requirements = sandbox.WriteRequirements("requirements.txt", "--no-index", $"--find-links {folder}", "Header_Demo==1.0");
        var byPip = sandbox.Combine("by-pip");
        await sandbox.CreateVenvAsync(byPip);

        (await Pip.RunAsync(Path.Combine(byPip, "bin", "python"), ["install", "-q", "--no-deps", "-r", requirements]))
            .ShouldSucceed();
        (await sandbox.SyncAsync(requirements)).ShouldSucceed();

        var relative = Path.Combine("include", "site", "python3.11", "Header_Demo", "sub", "demo.h");
        File.Exists(Path.Combine(byPip, relative)).Should().BeTrue("pip spells the folder as the requirement does");
        File.ReadAllText(Path.Combine(sandbox.Venv, relative)).Should().Be("int demo;\n");
        (await sandbox.PipAsync("uninstall", "-y", "header-demo")).ShouldSucceed();
        File.Exists(Path.Combine(sandbox.Venv, relative)).Should().BeFalse("RECORD lists the header where it was put");
    }
}
