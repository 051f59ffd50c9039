using System.Diagnostics;

namespace Dataflow.Installer.Tests.Install;

/// <summary>Runs a program to completion and captures what it printed.</summary>
internal static class ProcessRunner
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1";
        start.Environment["PIP_NO_INDEX"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and fails the test with the program's output when it exits non-zero.</summary>
    public static async Task<string> RunCheckedAsync(string fileName, params string[] arguments)
    {
        var (exit, stdout, stderr) = await RunAsync(fileName, arguments);
        exit.Should().Be(0, $"{fileName} {string.Join(' ', arguments)} failed:\n{stdout}\n{stderr}");
        return stdout;
    }
}
