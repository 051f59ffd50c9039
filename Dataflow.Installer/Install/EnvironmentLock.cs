using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Install;

/// <summary>
/// An exclusive flock(2) on <c>&lt;prefix&gt;/.dfi.lock</c>: a second run on the same environment waits for the
/// first. flock, not FileShare: the runtime config disables .NET's own file locking. The kernel releases the lock
/// when its holder dies, even by <c>kill -9</c>, so a stale lock never blocks. The file stays (removing a lock
/// file races with a waiter that has it open).
/// </summary>
internal sealed class EnvironmentLock : IDisposable
{
    public const string FileName = ".dfi.lock";

    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(200);

    private int _descriptor;

    private EnvironmentLock(int descriptor) => _descriptor = descriptor;

    /// <summary>Takes the lock, calling <paramref name="waiting"/> once if another process (or another lock in this one) holds it.</summary>
    public static async Task<EnvironmentLock> AcquireAsync(string prefix, Action<string> waiting, CancellationToken cancellationToken)
    {
        var path = Path.Combine(prefix, FileName);
        var descriptor = FileLockNative.OpenForLock(path);
        try
        {
            // Polling rather than a blocking flock: a thread stuck in flock(2) cannot be cancelled by Ctrl+C.
            var delay = TimeSpan.FromMilliseconds(5);
            var told = false;
            while (true)
            {
                if (FileLockNative.TryLock(descriptor, exclusive: true, path))
                {
                    return new EnvironmentLock(descriptor);
                }
                if (!told)
                {
                    told = true;
                    waiting($"Waiting for another dfi run to finish with {prefix} (it holds {path}).");
                }
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < LongestPoll ? delay * 2 : LongestPoll;
            }
        }
        catch
        {
            FileLockNative.Close(descriptor);
            throw;
        }
    }

    public void Dispose()
    {
        var descriptor = Interlocked.Exchange(ref _descriptor, -1);
        if (descriptor >= 0)
        {
            FileLockNative.Close(descriptor);
        }
    }
}
