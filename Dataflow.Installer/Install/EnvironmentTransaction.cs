namespace Dataflow.Installer.Install;

/// <summary>
/// One run's changes to one environment, all or nothing: holds the environment's lock, replays a journal that a
/// dead run left, then journals this run's changes until <see cref="Commit"/> or <see cref="Rollback"/>. Disposed
/// without either (an exception, a cancellation), it rolls back.
/// </summary>
internal sealed class EnvironmentTransaction : IDisposable
{
    private readonly EnvironmentLock _lock;
    private readonly Action<string> _warn;

    private EnvironmentTransaction(EnvironmentLock environmentLock, EnvironmentJournal journal, Action<string> warn)
    {
        _lock = environmentLock;
        Journal = journal;
        _warn = warn;
    }

    public EnvironmentJournal Journal { get; }

    /// <summary>Locks <paramref name="prefix"/> (waiting for another run), recovers it if needed and starts a journal.</summary>
    public static async Task<EnvironmentTransaction> BeginAsync(string prefix, Action<string> warn, CancellationToken cancellationToken)
    {
        var environmentLock = await EnvironmentLock.AcquireAsync(prefix, warn, cancellationToken).ConfigureAwait(false);
        try
        {
            RecoverLocked(prefix, warn);
            return new EnvironmentTransaction(environmentLock, EnvironmentJournal.Begin(prefix), warn);
        }
        catch
        {
            environmentLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rolls back a journal left in <paramref name="prefix"/> by a run that died, under the lock (a live run's journal
    /// is never touched: its lock makes this wait). Null when there was none. For planning and <c>dfi repair</c>.
    /// </summary>
    public static async Task<JournalRecovery?> RecoverAsync(string prefix, Action<string> warn, CancellationToken cancellationToken)
    {
        if (!JournalReplay.HasJournal(prefix))
        {
            // The common case costs one stat and no lock. A journal appearing right after belongs to a live run, which
            // this run's own transaction will wait for.
            return null;
        }
        using var environmentLock = await EnvironmentLock.AcquireAsync(prefix, warn, cancellationToken).ConfigureAwait(false);
        return RecoverLocked(prefix, warn);
    }

    public void Commit()
    {
        try
        {
            Journal.Commit();
        }
        catch (Exception exception) when (Journal.IsFinished && exception is IOException or UnauthorizedAccessException)
        {
            // Committed already (the journal is marked); only the stash's deletion failed, and the next run finishes it.
            _warn($"The changes to {Journal.Prefix} are complete, but the folder of replaced files could not be deleted: {exception.Message}. The next dfi run on it deletes it.");
        }
    }

    public JournalRecovery Rollback() => Journal.Rollback();

    public void Dispose()
    {
        try
        {
            if (!Journal.IsFinished)
            {
                try
                {
                    Journal.Rollback();
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InstallationException)
                {
                    _warn($"Could not roll back {Journal.Prefix}: {exception.Message}. Run `dfi repair --python {Journal.Prefix}`.");
                }
            }
            Journal.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private static JournalRecovery? RecoverLocked(string prefix, Action<string> warn)
    {
        var recovery = JournalReplay.Replay(prefix);
        if (recovery is { RolledForward: false })
        {
            warn($"An earlier dfi run on {prefix} stopped before finishing; {recovery.Describe()}.");
        }
        return recovery;
    }
}
