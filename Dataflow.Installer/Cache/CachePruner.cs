using Dataflow.Installer.Build;

namespace Dataflow.Installer.Cache;

/// <summary>
/// <c>dfi cache prune</c>: removes what no current bucket can use: folders of old or unknown layouts, unzipped
/// wheels that were never completely published, empty or malformed built-wheel folders, location pointers to
/// wheels that are gone, and temp folders and pending files that killed runs left. Run under the exclusive lock.
/// </summary>
internal sealed class CachePruner(CacheRoot cache, TimeProvider clock)
{
    /// <summary>How old a pending file (or a temp folder without an owner file) must be before it counts as a killed run's.</summary>
    public static readonly TimeSpan StaleAfter = TempSweep.StaleAfter;

    /// <summary>
    /// The buckets <c>--ci</c> keeps: wheels built from sdists (minutes of compiling each) and the index pages (small,
    /// compressed, and revalidated with a 304 instead of downloaded). Unzipped trees, the pointers into them and the
    /// interpreter records (paths of this machine) are cheap to recreate or useless elsewhere, so they go.
    /// </summary>
    public static IReadOnlyList<string> KeptForCi { get; } = [BuiltWheelCache.Bucket, PageCache.Bucket];

    public IReadOnlyList<CacheRemoval> Prune(bool forCi, CancellationToken cancellationToken)
    {
        var removed = new List<CacheRemoval>();
        if (!Directory.Exists(cache.Path))
        {
            return removed;
        }
        void Drop(string path, string reason)
        {
            cancellationToken.ThrowIfCancellationRequested();
            removed.Add(new CacheRemoval(CacheLayout.Relative(cache, path), reason, CacheLayout.SizeOf(path)));
            CacheLayout.Remove(cache, path);
        }

        foreach (var child in Directory.EnumerateFileSystemEntries(cache.Path).Order(StringComparer.Ordinal).ToList())
        {
            var name = Path.GetFileName(child);
            // The entry locks are no content (not exported, not counted) but belong to this version: held ones must stay.
            if (name is CacheLock.FileName or CacheLayout.TagFileName or CacheRoot.TempBucket or EntryLock.Bucket)
            {
                continue;
            }
            if (!CacheLayout.CurrentBuckets.Contains(name))
            {
                Drop(child, "not a bucket of this dfi version");
            }
            else if (forCi && !KeptForCi.Contains(name))
            {
                Drop(child, "cheap to recreate (--ci)");
            }
        }

        PruneWheels(Drop);
        PruneBuiltWheels(Drop);
        PrunePendingFiles(PageCache.Bucket, Drop);
        PrunePendingFiles(CacheRoot.LocationsBucket, Drop);
        PrunePointers(Drop);
        PruneTemp(Drop);
        return removed;
    }

    private void PruneWheels(Action<string, string> drop)
    {
        var bucket = cache.Bucket(CacheRoot.WheelsBucket);
        if (!Directory.Exists(bucket))
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(bucket).ToList())
        {
            if (!Directory.Exists(entry) || !CacheLayout.IsCompleteWheelEntry(entry))
            {
                drop(entry, "incomplete unzipped wheel");
            }
        }
    }

    private void PruneBuiltWheels(Action<string, string> drop)
    {
        var bucket = cache.Bucket(BuiltWheelCache.Bucket);
        if (!Directory.Exists(bucket))
        {
            return;
        }
        foreach (var source in Directory.EnumerateFileSystemEntries(bucket).ToList())
        {
            if (!Directory.Exists(source) || !CacheLayout.IsSha256(Path.GetFileName(source)))
            {
                drop(source, "not an sdist's built wheels");
                continue;
            }
            foreach (var tag in Directory.EnumerateFileSystemEntries(source).ToList())
            {
                if (!Directory.Exists(tag) || CacheLayout.BuiltWheelIn(tag) is null)
                {
                    drop(tag, "holds no single built wheel");
                }
            }
            if (!Directory.EnumerateFileSystemEntries(source).Any())
            {
                drop(source, "no built wheels left");
            }
        }
    }

    private void PrunePendingFiles(string bucketName, Action<string, string> drop)
    {
        var bucket = cache.Bucket(bucketName);
        if (!Directory.Exists(bucket))
        {
            return;
        }
        var pending = Directory.EnumerateFiles(bucket, "*" + CacheLayout.PendingFileSuffix, SearchOption.AllDirectories)
            .Where(file => IsStale(File.GetLastWriteTimeUtc(file)))
            .ToList();
        foreach (var file in pending)
        {
            drop(file, "left by a killed run");
        }
    }

    private void PrunePointers(Action<string, string> drop)
    {
        // A pointer only saves a download when its wheel is still unzipped here; the next download records it again.
        foreach (var pointer in CacheLayout.ShardedFiles(cache, CacheRoot.LocationsBucket).ToList())
        {
            if (LocationPointers.Sha256In(pointer) is not { } sha256 || !Directory.Exists(cache.WheelEntryPath(sha256)))
            {
                drop(pointer, "points at no cached wheel");
            }
        }
    }

    /// <summary>
    /// What every sync, batch and warm does at its start, for one listing of an empty <c>.tmp</c> (and of the owner
    /// files): removes the temp folders of runs that are gone (<see cref="TempSweep"/>) and their owner files. Returns
    /// how many folders went; what cannot be removed is left for <c>dfi cache prune</c>.
    /// </summary>
    public int RemoveTempOfDeadRuns()
    {
        var removed = 0;
        void TryRemove(string path, bool isFolder)
        {
            try
            {
                CacheLayout.Remove(cache, path);
                removed += isFolder ? 1 : 0;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Left for `dfi cache prune`.
            }
        }
        new TempSweep(cache, clock).Sweep(
            atRunStart: true, (folder, _) => TryRemove(folder, isFolder: true), (file, _) => TryRemove(file, isFolder: false));
        return removed;
    }

    private void PruneTemp(Action<string, string> drop) => new TempSweep(cache, clock).Sweep(atRunStart: false, drop, drop);

    private bool IsStale(DateTime lastWriteUtc) => clock.GetUtcNow().UtcDateTime - lastWriteUtc > StaleAfter;
}
