using Dataflow.Installer.Build;

namespace Dataflow.Installer.Cache;

/// <summary>Counts the entries and bytes of every folder at the cache root.</summary>
internal static class CacheStatistics
{
    /// <summary>One row per current bucket (even when empty), then the temp bucket and any other folder found.</summary>
    public static IReadOnlyList<BucketStatistics> Compute(CacheRoot cache, CancellationToken cancellationToken)
    {
        var rows = new List<BucketStatistics>();
        foreach (var bucket in CacheLayout.CurrentBuckets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(new BucketStatistics(bucket, CountEntries(cache, bucket), CacheLayout.SizeOf(cache.Bucket(bucket)), IsCurrent: true));
        }
        if (!Directory.Exists(cache.Path))
        {
            return rows;
        }
        var others = Directory.EnumerateDirectories(cache.Path)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !CacheLayout.CurrentBuckets.Contains(name) && name != EntryLock.Bucket)
            .Order(StringComparer.Ordinal);
        foreach (var name in others)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var folder = cache.Bucket(name);
            rows.Add(new BucketStatistics(name, Directory.EnumerateFileSystemEntries(folder).LongCount(), CacheLayout.SizeOf(folder),
                IsCurrent: name == CacheRoot.TempBucket));
        }
        return rows;
    }

    private static long CountEntries(CacheRoot cache, string bucket)
    {
        var folder = cache.Bucket(bucket);
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        return bucket switch
        {
            CacheRoot.WheelsBucket => Directory.EnumerateDirectories(folder).LongCount(CacheLayout.IsCompleteWheelEntry),
            BuiltWheelCache.Bucket => CacheLayout.BuiltWheelFolders(cache).LongCount(tag => CacheLayout.BuiltWheelIn(tag) is not null),
            PageCache.Bucket or CacheRoot.LocationsBucket => CacheLayout.ShardedFiles(cache, bucket).LongCount(),
            _ => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).LongCount(),
        };
    }
}
