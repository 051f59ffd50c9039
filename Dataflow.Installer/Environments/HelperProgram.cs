using System.Diagnostics;

namespace Dataflow.Installer.Environments;

/// <summary>
/// Runs a program dfi asks something of (an interpreter's description, git, keyring) to its end: stdin closed at once
/// so that nothing waits for a person, both pipes drained together so that a full one cannot block the child, and the
/// child's process tree killed when the run is cancelled or the deadline passes.
/// </summary>
internal static class HelperProgram
{
    /// <param name="program">The executable.</param>
    /// <param name="arguments">Its arguments, each passed as one.</param>
    /// <param name="cancellationToken">Cancels the run; the child is killed and waited for first.</param>
    /// <param name="workingDirectory">Where it runs; dfi's current directory when null.</param>
    /// <param name="environment">Variables set for it on top of dfi's own.</param>
    /// <param name="timeout">Past this it is killed and <see cref="TimeoutException"/> thrown; no limit when null.</param>
    /// <param name="readErrors">Reads stderr to its end and says what to keep of it; all of it when null.</param>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started.</exception>
    /// <exception cref="TimeoutException">It ran past <paramref name="timeout"/>.</exception>
    public static async Task<HelperProgramResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        Func<StreamReader, Task<string>>? readErrors = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new System.ComponentModel.Win32Exception($"could not start '{program}'");
        process.StandardInput.Close();
        // Read to the end whatever happens, on no token: a cancelled read would leave the pipe to fill.
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = readErrors is null ? process.StandardError.ReadToEndAsync(CancellationToken.None) : readErrors(process.StandardError);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It had already exited.
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{Path.GetFileName(program)}' did not finish within {timeout!.Value.TotalSeconds:0} s and was stopped.");
        }
        return new HelperProgramResult(process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
    }
}
