using Dataflow.Installer.Tests.Install;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>File modes follow the umask as pip's do: 0666 or 0777 less it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    [Theory]
    [InlineData("002", "0664", "0775")]
    [InlineData("077", "0600", "0755")]
    public async Task Under_another_umask_every_installed_file_has_the_mode_pip_gives_it(string umask, string moduleMode, string launcherMode)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var wheel = new WheelBuilder("mode-check", "1.0")
            .Add("mode_check/__init__.py", "def main():\n    return 0\n")
            .Add("mode_check/tool.sh", "#!/bin/sh\n", executable: true);
        wheel.Add($"{wheel.DataName}/scripts/run-plain", "#!python\nprint(1)\n")
            .Add($"{wheel.DataName}/scripts/run-marked", "#!python\nprint(1)\n", executable: true);
        wheel.EntryPoints = "[console_scripts]\nmode-check = mode_check:main\n";
        var folder = await sandbox.WriteWheelsAsync(wheel);
        var requirements = sandbox.WriteRequirements("requirements.txt", "--no-index", $"--find-links {folder}", "mode-check==1.0");
        var byPip = sandbox.Combine("by-pip");
        await sandbox.CreateVenvAsync(byPip);

        (await UnderUmask(umask, ["python3", "-m", "pip", "--python", Path.Combine(byPip, "bin", "python"), "install", "-q", "--no-deps", "--no-compile",
            "-r", requirements])).ShouldSucceed();
        (await UnderUmask(umask, DfiProcess.CommandLine("sync", requirements, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache))).ShouldSucceed();

        var expected = Modes(byPip);
        expected.Should().Contain($"lib/python3.11/site-packages/mode_check/__init__.py {moduleMode}").And.Contain($"bin/mode-check {launcherMode}");
        Modes(sandbox.Venv).Should().BeEquivalentTo(expected);
    }

    private static Task<ProcessResult> UnderUmask(string umask, IReadOnlyList<string> command) =>
        ChildProcess.RunAsync("sh", ["-c", $"umask {umask} && exec \"$@\"", "sh", .. command]);

    // Every file the distribution brought (its own folders, its dist-info, its scripts), with its mode.
    private static List<string> Modes(string venv) =>
        [.. Directory.EnumerateFiles(venv, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(venv, path))
            .Where(path => path.Contains("mode_check", StringComparison.Ordinal) || path is "bin/mode-check" or "bin/run-plain" or "bin/run-marked")
            .Where(path => !path.EndsWith("/INSTALLER", StringComparison.Ordinal))
            .Select(path => $"{path} {Convert.ToString((int)File.GetUnixFileMode(Path.Combine(venv, path)), 8).PadLeft(4, '0')}")];
}
