namespace Dataflow.Installer.Install;

/// <summary>
/// Moments the end-to-end tests need to hold still, each switched on by an environment variable no user sets, whose
/// value is the path of a FIFO the test made: at that moment dfi writes "paused" to it, then waits until the test
/// writes to it in turn, kills the run (the crash tests <c>kill -9</c> it) or interrupts it (Ctrl+C, SIGTERM).
/// </summary>
internal static class TestHooks
{
    /// <summary>Once an environment's changes are all made but not committed: the worst moment for a kill.</summary>
    public const string PauseBeforeCommitVariable = "DFI_TEST_PAUSE_BEFORE_COMMIT";

    /// <summary>Once an environment is planned and its files prepared, before its lock is taken: another run may go first.</summary>
    public const string PauseBeforeLockVariable = "DFI_TEST_PAUSE_BEFORE_LOCK";

    /// <summary>Once, after the first distribution of an environment is linked and before the rest are: mid-install.</summary>
    public const string PauseWhileInstallingVariable = "DFI_TEST_PAUSE_WHILE_INSTALLING";

    private static int _pausedWhileInstalling;

    // Read once: the check runs after every distribution an install links.
    private static readonly bool PausesWhileInstalling = Environment.GetEnvironmentVariable(PauseWhileInstallingVariable) is { Length: > 0 };

    public static Task PauseBeforeLockAsync(CancellationToken cancellationToken) =>
        PauseAsync(PauseBeforeLockVariable, cancellationToken);

    public static Task PauseBeforeCommitAsync(CancellationToken cancellationToken) =>
        PauseAsync(PauseBeforeCommitVariable, cancellationToken);

    /// <summary>Pauses the first install of the process to get here; a batch's other environments carry on.</summary>
    public static Task PauseWhileInstallingAsync(CancellationToken cancellationToken) =>
        PausesWhileInstalling && Interlocked.Exchange(ref _pausedWhileInstalling, 1) == 0
            ? PauseAsync(PauseWhileInstallingVariable, cancellationToken)
            : Task.CompletedTask;

    private static async Task PauseAsync(string variable, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } path)
        {
            return;
        }
        // Opening a FIFO blocks in open(2) until the other end opens it, which no token can interrupt: the blocking
        // happens on a pool thread, and the wait for it ends with the run's token (a signal while paused).
        await Task.Run(() => File.WriteAllText(path, "paused\n"), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        await Task.Run(() => File.ReadAllText(path), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
