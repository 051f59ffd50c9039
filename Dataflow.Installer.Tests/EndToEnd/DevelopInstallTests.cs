using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Install;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// A project installed by setuptools' real <c>setup.py develop</c> (what pip's <c>-e</c> did before PEP 660), in a venv
/// made by <c>python3 -m venv</c>: <c>dfi sync</c> sees it as pip does, and takes it out as <c>pip uninstall</c> does.
/// </summary>
public sealed class DevelopInstallTests
{
    private static async Task<string> DevelopedVenvAsync(SyncSandbox sandbox, string name)
    {
        var project = sandbox.Combine("project");
        if (!Directory.Exists(project))
        {
            Directory.CreateDirectory(Path.Combine(project, "src", "demo_pkg"));
            File.WriteAllText(Path.Combine(project, "setup.py"),
                "from setuptools import setup\n" +
                "setup(name='Demo.Pkg', version='1.2', package_dir={'': 'src'}, packages=['demo_pkg'],\n" +
                "      entry_points={'console_scripts': ['demo-cli = demo_pkg:main']})\n");
            File.WriteAllText(Path.Combine(project, "src", "demo_pkg", "__init__.py"), "def main():\n    print('from the project')\n");
        }
        var venv = sandbox.Combine(name);
        (await ChildProcess.RunAsync("python3", ["-m", "venv", venv])).ShouldSucceed();
        (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["setup.py", "-q", "develop", "--no-deps"], workingDirectory: project)).ShouldSucceed();
        File.Exists(Path.Combine(venv, "lib", "python3.11", "site-packages", "Demo.Pkg.egg-link")).Should().BeTrue("setup.py develop links the project");
        return venv;
    }

    private static Task<ProcessResult> PipAsync(string venv, params string[] arguments) =>
        ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-m", "pip", .. arguments]);

    [Fact]
    public async Task Sync_removes_a_develop_install_as_pip_uninstall_does_and_leaves_the_project()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var byPip = await DevelopedVenvAsync(sandbox, "by-pip");
        var byDfi = await DevelopedVenvAsync(sandbox, "by-dfi");
        var project = await TreeSnapshot.TakeAsync(sandbox.Combine("project"));
        (await PipAsync(byPip, "uninstall", "-y", "Demo.Pkg")).ShouldSucceed();

        var dryRun = (await sandbox.SyncAsync([sandbox.WriteRequirements("empty.txt"), "--allow-empty-requirements", "--dry-run"], environment: null, venv: byDfi)).ShouldSucceed();
        dryRun.Stdout.Should().Contain("- demo-pkg==1.2");
        (await sandbox.SyncAsync([sandbox.WriteRequirements("empty.txt"), "--allow-empty-requirements"], environment: null, venv: byDfi)).ShouldSucceed();

        var expected = (await TreeSnapshot.TakeAsync(byPip)).Paths;
        var actual = (await TreeSnapshot.TakeAsync(byDfi)).Paths.Where(path => path != EnvironmentLock.FileName);
        actual.Should().Equal(expected);
        File.ReadAllBytes(Path.Combine(byDfi, "lib", "python3.11", "site-packages", "easy-install.pth"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(byPip, "lib", "python3.11", "site-packages", "easy-install.pth")));
        (await PipAsync(byDfi, "list", "--format=freeze")).ShouldSucceed().Stdout.Should().NotContainEquivalentOf("demo");
        (await TreeSnapshot.TakeAsync(sandbox.Combine("project"))).ShouldBeUnchangedSince(project);
    }

    [Fact]
    public async Task A_wheel_of_the_same_name_replaces_the_develop_install_and_python_imports_the_wheel()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var venv = await DevelopedVenvAsync(sandbox, "developed");
        var links = await sandbox.WriteWheelsAsync(new WheelBuilder("demo_pkg", "1.2")
            .Add("demo_pkg/__init__.py", "def main():\n    print('from the wheel')\n"));
        var requirements = sandbox.WriteRequirements("requirements.txt", "demo-pkg==1.2");

        (await sandbox.SyncAsync([requirements, "--no-index", "-f", links], environment: null, venv: venv)).ShouldSucceed();

        var imported = await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-c", "import demo_pkg; demo_pkg.main()"]);
        imported.ShouldSucceed().Stdout.Should().Be("from the wheel\n");
        File.Exists(Path.Combine(venv, "lib", "python3.11", "site-packages", "Demo.Pkg.egg-link")).Should().BeFalse();
        File.Exists(Path.Combine(venv, "bin", "demo-cli")).Should().BeFalse("the develop install's launcher went with it");
        (await PipAsync(venv, "list", "--format=freeze")).ShouldSucceed().Stdout.Should().Contain("demo_pkg==1.2").And.NotContain("Demo.Pkg");
        (await sandbox.SyncAsync([requirements, "--no-index", "-f", links], environment: null, venv: venv)).ShouldSucceed()
            .Stdout.Should().NotContain("demo", "a second sync has nothing to do");
    }
}
