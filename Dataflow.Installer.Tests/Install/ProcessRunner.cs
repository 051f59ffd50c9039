using Dataflow.Installer.Tests.EndToEnd;

namespace Dataflow.Installer.Tests.Install;

/// <summary>The install tests' way to run pip and python: <see cref="ChildProcess"/> with the package index switched off.</summary>
internal static class ProcessRunner
{
    private static readonly Dictionary<string, string?> Offline = new() { ["PIP_NO_INDEX"] = "1" };

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync(fileName, arguments, Offline);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>Runs and fails the test with the program's output when it exits non-zero.</summary>
    public static async Task<string> RunCheckedAsync(string fileName, params string[] arguments)
    {
        var (exit, stdout, stderr) = await RunAsync(fileName, arguments);
        exit.Should().Be(0, $"{fileName} {string.Join(' ', arguments)} failed:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>Runs real pip in <paramref name="python"/> (<see cref="Pip"/>) and fails the test when it exits non-zero.</summary>
    public static async Task<string> RunPipCheckedAsync(string python, params string[] arguments)
    {
        var result = await Pip.RunAsync(python, arguments, Offline);
        result.ExitCode.Should().Be(0, $"pip {string.Join(' ', arguments)} in {python} failed:\n{result.Stdout}\n{result.Stderr}");
        return result.Stdout;
    }
}
