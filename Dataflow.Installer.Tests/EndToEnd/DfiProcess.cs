using System.Security.Cryptography;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// Runs the built <c>dfi</c> as a separate process, the way a user does: the native build the test project publishes
/// into <c>native/</c> when it was made with the <c>dfi.dll</c> beside the tests, else <c>dotnet dfi.dll</c>; or the
/// program <c>DFI_TEST_EXECUTABLE</c> names.
/// </summary>
internal static class DfiProcess
{
    /// <summary>The product assembly, copied next to the tests because the test project references it.</summary>
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "dfi.dll");

    // `dotnet dfi.dll` through the same muxer that runs the tests: it needs no DOTNET_ROOT, unlike the apphost.
    private static readonly string Muxer = FindMuxer();

    /// <summary>The native build next to the tests (see the test project's PublishNativeDfiForTests).</summary>
    public static string NativePath { get; } = Path.Combine(AppContext.BaseDirectory, "native", "dfi");

    // After the paths it reads: static initializers run in the order they are written.
    private static readonly string[] Program = ChooseProgram();

    private static string[] ChooseProgram()
    {
        if (Environment.GetEnvironmentVariable("DFI_TEST_EXECUTABLE") is { Length: > 0 } executable)
        {
            return [Path.GetFullPath(executable)];
        }
        // The publish records the SHA-256 of the dfi.dll it went with: a native build of other code (an older one whose
        // publish failed this time, or was skipped) is never run in its place.
        var stamp = NativePath + ".dll.sha256";
        var nativeIsCurrent = File.Exists(NativePath) && File.Exists(stamp)
            && string.Equals(File.ReadAllText(stamp).Trim(), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(AssemblyPath))), StringComparison.OrdinalIgnoreCase);
        return nativeIsCurrent ? [NativePath] : [Muxer, AssemblyPath];
    }

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, environment: null);

    public static Task<ProcessResult> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default,
        Func<System.Diagnostics.Process, Task>? whileRunning = null,
        string? workingDirectory = null,
        string? standardInput = null)
    {
        File.Exists(Program[^1]).Should().BeTrue($"the product is built ({Program[^1]})");
        return ChildProcess.RunAsync(Program[0], [.. Program[1..], .. arguments], environment, timeout, cancellationToken, whileRunning, workingDirectory, standardInput);
    }

    /// <summary>
    /// As <see cref="RunAsync(IEnumerable{string}, IReadOnlyDictionary{string, string?}?, TimeSpan?, CancellationToken, Func{System.Diagnostics.Process, Task}?, string?, string?)"/>,
    /// for a test that sends the run SIGINT: a shell that starts the tests in the background has them ignore SIGINT,
    /// children inherit that, and .NET leaves an ignored SIGINT ignored. Then dfi is started through a Python
    /// <c>exec</c> that restores the default first (same process id), so it sees Ctrl+C as a terminal delivers it.
    /// </summary>
    public static Task<ProcessResult> RunInterruptibleAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment,
        Func<System.Diagnostics.Process, Task> whileRunning)
    {
        if (!InterruptIgnored())
        {
            return RunAsync(arguments, environment, whileRunning: whileRunning);
        }
        const string RestoreAndExec = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";
        return ChildProcess.RunAsync("python3", ["-c", RestoreAndExec, .. Program, .. arguments], environment, whileRunning: whileRunning);
    }

    // /proc/self/status's SigIgn is a hexadecimal mask whose bit n-1 stands for signal n; SIGINT is 2.
    private static bool InterruptIgnored() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;

    /// <summary>The program and arguments that run <c>dfi ARGUMENTS</c>, for a test that starts it through another program.</summary>
    public static IReadOnlyList<string> CommandLine(params string[] arguments) => [.. Program, .. arguments];

    private static string FindMuxer()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }
        if (Environment.ProcessPath is { } processPath && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }
        return "dotnet";
    }
}
