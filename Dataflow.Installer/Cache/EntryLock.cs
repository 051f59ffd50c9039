using Microsoft.Win32.SafeHandles;

namespace Dataflow.Installer.Cache;

/// <summary>
/// An exclusive flock(2) on <c>locks-v1/&lt;key&gt;.lock</c>, held while one process makes a cache entry, so that a crowd of
/// dfi processes sharing a cache unzips (or builds) each file once: the others wait, then find the entry published.
/// The lock files stay (a few bytes each); deleting one that another process holds would let a third in.
/// </summary>
internal sealed class EntryLock : IDisposable
{
    public const string Bucket = "locks-v1";

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(100);

    private readonly SafeFileHandle _handle;

    private EntryLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Waits (cancellably) until this process holds the lock for <paramref name="key"/> (a sha256).</summary>
    public static EntryLock Acquire(CacheRoot cache, string key, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(cache.Path, Bucket, key[..2]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, key + ".lock");
        var poll = FirstPoll;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CacheLock.TryAcquire(path, exclusive: true) is { } handle)
            {
                return new EntryLock(handle);
            }
            cancellationToken.WaitHandle.WaitOne(poll);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
        }
    }

    public void Dispose() => _handle.Dispose();
}
