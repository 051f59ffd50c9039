using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Dataflow.Installer.Cache;

/// <summary>
/// The cache's cross-process lock: flock(2) on <c>&lt;cache&gt;/.lock</c>. Runs that read and publish take it
/// shared; commands that delete or replace entries (<c>clean</c>, <c>prune</c>, <c>import</c>) take it exclusive.
/// flock belongs to the open file description, so two acquisitions in one process conflict as two processes do,
/// and the kernel drops it when the process dies, so a killed run never leaves the cache locked.
/// </summary>
internal sealed class CacheLock : IDisposable
{
    public const string FileName = ".lock";

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(250);

    private readonly SafeFileHandle _handle;

    private CacheLock(SafeFileHandle handle, bool exclusive)
    {
        _handle = handle;
        IsExclusive = exclusive;
    }

    public bool IsExclusive { get; }

    /// <summary>Takes the lock shared with other readers and publishers, waiting up to <paramref name="timeout"/>.</summary>
    public static CacheLock AcquireShared(CacheRoot cache, TimeSpan timeout, CancellationToken cancellationToken) =>
        Acquire(cache, exclusive: false, timeout, cancellationToken);

    /// <summary>Takes the lock for this process alone, waiting up to <paramref name="timeout"/> for every other holder to leave.</summary>
    public static CacheLock AcquireExclusive(CacheRoot cache, TimeSpan timeout, CancellationToken cancellationToken) =>
        Acquire(cache, exclusive: true, timeout, cancellationToken);

    /// <summary>Closing the file releases the lock.</summary>
    public void Dispose() => _handle.Dispose();

    private static CacheLock Acquire(CacheRoot cache, bool exclusive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cache.Path);
        var path = Path.Combine(cache.Path, FileName);
        var started = Stopwatch.GetTimestamp();
        var poll = FirstPoll;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(path, exclusive) is { } handle)
            {
                return new CacheLock(handle, exclusive);
            }
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new CacheLockException(
                    $"The cache {cache.Path} is in use by another dfi process; retry later or pass --lock-timeout (waited {timeout.TotalSeconds:0.#}s for {(exclusive ? "exclusive" : "shared")} access).");
            }
            // Polling with LOCK_NB keeps the wait cancellable; a blocking flock cannot be interrupted from .NET.
            cancellationToken.WaitHandle.WaitOne(remaining < poll ? remaining : poll);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
        }
    }

    /// <summary>Opens <paramref name="path"/> and takes its flock without waiting; null when another open file holds a conflicting one.</summary>
    internal static SafeFileHandle? TryAcquire(string path, bool exclusive)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException exception) when (exception.HResult == FileLockNative.WouldBlock && File.Exists(path))
        {
            // Where .NET's own FileShare emulation is on (a host without dfi's runtime config, such as a test
            // runner), opening takes a shared flock itself and fails while someone holds the lock exclusively.
            // Only that is waited for: a read-only or unreadable cache is an error now, not after the timeout.
            return null;
        }
        catch (IOException exception)
        {
            throw new IOException($"Cannot open the cache's lock file '{path}': {exception.Message}", exception);
        }
        try
        {
            if (FileLockNative.TryLock(handle, exclusive))
            {
                return handle;
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        handle.Dispose();
        return null;
    }
}
