namespace Dataflow.Installer.Install;

/// <summary>
/// A moment the end-to-end tests need to hold still, switched on by an environment variable no user sets.
/// <c>DFI_TEST_PAUSE_BEFORE_COMMIT=PATH</c> (PATH a FIFO the test made): once an environment's changes are all
/// made but not committed, write "paused" to PATH, then wait until the test writes to PATH in turn (or kills the
/// run: the crash tests <c>kill -9</c> it here, the worst moment, with everything changed and nothing final).
/// </summary>
internal static class TestHooks
{
    public const string PauseBeforeCommitVariable = "DFI_TEST_PAUSE_BEFORE_COMMIT";

    public static async Task PauseBeforeCommitAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(PauseBeforeCommitVariable) is not { Length: > 0 } path)
        {
            return;
        }
        await File.WriteAllTextAsync(path, "paused\n", cancellationToken).ConfigureAwait(false);
        await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
    }
}
