using System.Text.Json;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// PEP 600's opt-out in use: with a <c>_manylinux</c> module that refuses manylinux wheels in the environment (what the
/// no-manylinux distribution installs), a sync takes the file pip would take from the same folder.
/// </summary>
public sealed class ManylinuxModuleSyncTests
{
    private const string Manylinux = "demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
    private const string Pure = "demo-1.0-py3-none-any.whl";

    private static async Task<string> ChosenByDfiAsync(SyncSandbox sandbox, string requirements, string venv)
    {
        var sync = (await sandbox.SyncAsync([requirements, "--report", "-"], environment: null, venv)).ShouldSucceed();
        using var report = JsonDocument.Parse(sync.Stdout);
        return report.RootElement.GetProperty("distributions").EnumerateArray().Single().GetProperty("file").GetString()!;
    }

    private static async Task<string> ChosenByPipAsync(string venv, string wheels)
    {
        var pip = (await Pip.RunAsync(Path.Combine(venv, "bin", "python"),
            ["install", "--dry-run", "--ignore-installed", "--quiet", "--no-index",
             "--find-links", wheels, "--report", "-", "demo==1.0"])).ShouldSucceed();
        using var report = JsonDocument.Parse(pip.Stdout);
        var url = report.RootElement.GetProperty("install").EnumerateArray().Single().GetProperty("download_info").GetProperty("url").GetString()!;
        return Path.GetFileName(new Uri(url).LocalPath);
    }

    [Fact]
    public async Task A_refusing_manylinux_module_makes_the_sync_take_the_pure_wheel_as_pip_does()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var wheels = sandbox.Combine("wheels");
        TestDistributions.WriteWheel(wheels, Manylinux);
        TestDistributions.WriteWheel(wheels, Pure);
        var requirements = sandbox.WriteRequirements("requirements.txt", "--no-index", $"--find-links {wheels}", "demo==1.0");
        var plain = sandbox.Combine("plain");
        var refusing = sandbox.Combine("refusing");
        await sandbox.CreateVenvAsync(plain);
        await sandbox.CreateVenvAsync(refusing);
        await File.WriteAllTextAsync(Path.Combine(refusing, "lib", "python3.11", "site-packages", "_manylinux.py"),
            "def manylinux_compatible(*_, **__):\n    return False\n");

        var plainChoice = await ChosenByDfiAsync(sandbox, requirements, plain);
        var refusingChoice = await ChosenByDfiAsync(sandbox, requirements, refusing);

        plainChoice.Should().Be(Manylinux).And.Be(await ChosenByPipAsync(plain, wheels));
        refusingChoice.Should().Be(Pure).And.Be(await ChosenByPipAsync(refusing, wheels));
        File.Exists(Path.Combine(refusing, "lib", "python3.11", "site-packages", "_manylinux.py")).Should().BeTrue("a sync leaves a module no distribution owns");
    }
}
