namespace Dataflow.Installer.Cache;

/// <summary>
/// A per-process owner lock for the cache's temp folders: <c>locks-v1/owners/&lt;token&gt;.owner</c>, held with an
/// exclusive flock(2) for the life of the process, so that the kernel, not a process id, says whether a folder's
/// owner is alive. flock works across containers on one kernel and, as POSIX locks, over NFSv4; a PID does not.
/// </summary>
/// <remarks>
/// The owner files live beside the entry locks, not in <c>.tmp</c>: <c>.tmp</c> is empty whenever no run is staging
/// something, which tests and people check, and <c>locks-v1</c> is already skipped by export, statistics and prune.
/// </remarks>
internal static class RunOwner
{
    public const string FileSuffix = ".owner";

    /// <summary>The owner files' folder inside <see cref="EntryLock.Bucket"/>.</summary>
    public const string FolderName = "owners";

    // One token per cache root per process. The descriptor of a taken lock is never closed: the kernel drops the lock
    // when the process exits, however it exits.
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, string> Tokens = new(StringComparer.Ordinal);
    private static readonly HashSet<string> Locked = new(StringComparer.Ordinal);

    /// <summary>The folder holding every process's owner file for this cache.</summary>
    public static string Folder(CacheRoot cache) => Path.Combine(cache.Path, EntryLock.Bucket, FolderName);

    /// <summary>The owner file of <paramref name="token"/>.</summary>
    public static string FilePath(CacheRoot cache, string token) => Path.Combine(Folder(cache), token + FileSuffix);

    /// <summary>A temp folder's name: the old <c>purpose-PID-guid</c> with the owner's guid before the PID.</summary>
    /// <remarks>The PID stays second to last, where older dfi versions (and the rules for folders without an owner file) read it.</remarks>
    public static string TempFolderName(string purpose, string token) => $"{purpose}-{token}-{Guid.NewGuid():N}";

    /// <summary>
    /// This process's token for <paramref name="cache"/>, taking its owner lock first if this process holds none yet.
    /// Never throws: an owner file that cannot be made (read-only cache, disk full) leaves the folders to the old
    /// PID-and-age rules, and making the folder itself then fails as it always did.
    /// </summary>
    public static string Acquire(CacheRoot cache)
    {
        lock (Gate)
        {
            if (!Tokens.TryGetValue(cache.Path, out var token))
            {
                token = $"{Guid.NewGuid():N}-{Environment.ProcessId}";
                Tokens.Add(cache.Path, token);
            }
            // A --no-cache run's cache is private to this process and deleted with it: nobody sweeps it.
            if (!cache.IsTemporary && !Locked.Contains(cache.Path) && TryTakeLock(cache, token))
            {
                Locked.Add(cache.Path);
            }
            return token;
        }
    }

    /// <summary>This process's token for <paramref name="cache"/>, or null before its first temp folder there.</summary>
    public static string? CurrentToken(CacheRoot cache)
    {
        lock (Gate)
        {
            return Tokens.GetValueOrDefault(cache.Path);
        }
    }

    /// <summary>The owner token in a temp folder's name, or null for an old-style <c>purpose-PID-guid</c> name.</summary>
    public static string? TokenIn(string folderName)
    {
        var parts = folderName.Split('-');
        if (parts.Length < 4 || !IsGuid(parts[^3]) || !int.TryParse(parts[^2], out _) || !IsGuid(parts[^1]))
        {
            return null;
        }
        return $"{parts[^3]}-{parts[^2]}";
    }

    /// <summary>
    /// Tests <paramref name="token"/>'s owner lock with a shared flock taken and dropped at once: a shared lock conflicts
    /// with the owner's exclusive one just the same, and needs only read access (another user's file, NFS).
    /// </summary>
    public static RunOwnerState Probe(CacheRoot cache, string token)
    {
        var path = FilePath(cache, token);
        int descriptor;
        try
        {
            descriptor = FileLockNative.OpenExistingToProbe(path);
        }
        catch (IOException)
        {
            return RunOwnerState.Unknown;
        }
        if (descriptor < 0)
        {
            return RunOwnerState.Unknown;
        }
        try
        {
            return FileLockNative.TryLock(descriptor, exclusive: false, path) ? RunOwnerState.Dead : RunOwnerState.Alive;
        }
        catch (IOException)
        {
            // A filesystem without locks (ENOLCK) cannot tell: the old rules judge.
            return RunOwnerState.Unknown;
        }
        finally
        {
            FileLockNative.Close(descriptor);
        }
    }

    private static bool TryTakeLock(CacheRoot cache, string token)
    {
        int descriptor;
        try
        {
            Directory.CreateDirectory(Folder(cache));
            descriptor = FileLockNative.OpenForLock(FilePath(cache, token));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        try
        {
            // Nobody else knows this fresh token before a folder names it, and a sweep leaves owner files younger than
            // its grace alone, so the lock is free; false would mean a filesystem that only pretends to lock.
            if (FileLockNative.TryLock(descriptor, exclusive: true))
            {
                return true;
            }
        }
        catch (IOException)
        {
            // No locks on this filesystem (ENOLCK): the folders fall to the old rules.
        }
        FileLockNative.Close(descriptor);
        return false;
    }

    private static bool IsGuid(string part) => part.Length == 32 && part.All(char.IsAsciiHexDigitLower);
}
