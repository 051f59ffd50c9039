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

    private static string Resolve()
    {
        using var process = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", "import sys; print(sys.executable)" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var executable = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && File.Exists(executable) ? executable : throw new InvalidOperationException($"python3 did not name its executable ('{executable}').");
    }
}
