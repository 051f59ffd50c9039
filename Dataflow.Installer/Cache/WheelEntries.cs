namespace Dataflow.Installer.Cache;

/// <summary>
/// Finds published unzipped wheels, trusting one only while its files still match its manifest. An entry that does
/// not (edited, truncated or deleted files; no manifest) is removed under its entry lock so that it is made again.
/// </summary>
/// <param name="warn">Receives the warning naming a removed entry and its first bad file.</param>
internal sealed class WheelEntries(CacheRoot cache, Action<string>? warn = null)
{
    /// <summary>
    /// The sound entry for the wheel with this sha256, its manifest attached; null when there is none, including when
    /// one was there but no longer matched and has just been removed.
    /// </summary>
    /// <param name="wheelName">How the warning names the entry (the wheel's file name).</param>
    public CacheEntry? Find(string sha256, string wheelName, CancellationToken cancellationToken)
    {
        var (sound, _, problem) = Look(sha256);
        if (problem is null)
        {
            return sound;
        }

        // Under the lock that makes entries: a process re-making this one meanwhile has published it whole, or not at all.
        using (EntryLock.Acquire(cache, sha256, cancellationToken))
        {
            return FindLocked(sha256, wheelName);
        }
    }

    /// <summary>As <see cref="Find"/>, for a caller that holds the entry's <see cref="EntryLock"/> already.</summary>
    public CacheEntry? FindLocked(string sha256, string wheelName)
    {
        var (sound, directory, problem) = Look(sha256);
        if (problem is null)
        {
            return sound;
        }
        warn?.Invoke($"The cache entry of {wheelName} ({CacheLayout.Relative(cache, directory)}) no longer matches what was unzipped: {problem}. It is removed and made again.");
        // Renamed aside first, so that an interrupted delete leaves debris for prune, never a half-deleted entry.
        CacheLayout.Remove(cache, directory);
        return null;
    }

    // The sound entry (Problem null), or no entry at all (both null), or why the one there does not match.
    private (CacheEntry? Sound, string Directory, string? Problem) Look(string sha256)
    {
        var directory = cache.WheelEntryPath(sha256);
        if (!Directory.Exists(directory))
        {
            return (null, directory, null);
        }
        var entry = CacheEntry.At(sha256, directory);
        var (manifest, problem) = Check(entry);
        return problem is null ? (entry with { Manifest = manifest }, directory, null) : (null, directory, problem);
    }

    /// <summary>The entry's manifest and why its tree does not match it (null: it does).</summary>
    public static (EntryManifest? Manifest, string? Problem) Check(CacheEntry entry)
    {
        if (EntryManifest.TryRead(entry.Directory) is not { } manifest)
        {
            return (null, $"it has no readable {CacheEntry.ManifestFileName} (made by an older dfi, or damaged)");
        }
        return (manifest, manifest.FirstMismatch(entry.Tree));
    }
}
