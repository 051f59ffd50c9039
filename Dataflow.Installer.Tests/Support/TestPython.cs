using System.Diagnostics;

namespace Dataflow.Installer.Tests.Support;

/// <summary>
/// The machine's python3 as its own binary (<c>sys.executable</c>), not the launcher on PATH: pyenv's is a shell
/// script, which dfi asks afresh at every run (its answer can change under it), and tests that only need an
/// interpreter should not pay a Python start per dfi run for it.
/// </summary>
internal static class TestPython
{
    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string Executable => Resolved.Value;

    /// <summary>Runs python3 (as found on PATH) with <paramref name="code"/> and returns what it printed, trimmed.</summary>
    public static string Ask(string code)
    {
        using var process = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", code },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var answer = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? answer : throw new InvalidOperationException($"python3 -c failed ({process.ExitCode}): {code}");
    }

    private static string Resolve()
    {
        var executable = Ask("import sys; print(sys.executable)");
        return File.Exists(executable) ? executable : throw new InvalidOperationException($"python3 did not name its executable ('{executable}').");
    }
}
