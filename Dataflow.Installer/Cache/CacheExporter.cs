using System.Formats.Tar;
using Dataflow.Installer.Build;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Dataflow.Installer.Cache;

/// <summary>
/// <c>dfi cache export</c>: writes the cache's whole entries as one zstd-compressed tar, streamed. Interpreter records
/// (paths of this machine), the temp bucket and the lock stay behind. Run under the shared lock: entries are immutable
/// once published and pages are replaced by rename, so concurrent runs cannot hand it a half-written file.
/// </summary>
internal sealed class CacheExporter(CacheRoot cache)
{
    private const int CompressionLevel = 3;

    /// <summary>The buckets in the order they are written: pointers last, after the wheels they point at.</summary>
    public static IReadOnlyList<string> ExportedBuckets { get; } =
        [BuiltWheelCache.Bucket, PageCache.Bucket, CacheRoot.WheelsBucket, CacheRoot.LocationsBucket];

    /// <summary>Writes the archive to <paramref name="destination"/> (through a temp file beside it, renamed when complete) and returns the entries written.</summary>
    public async Task<int> ExportAsync(string destination, bool onlyBuilt, CancellationToken cancellationToken)
    {
        destination = Path.GetFullPath(destination);
        var partial = $"{destination}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        var entries = 0;
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
            {
                await using var compressor = new CompressionStream(file, CompressionLevel, leaveOpen: true);
                compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
                compressor.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, Environment.ProcessorCount);
                await using (var tar = new TarWriter(compressor, TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (var bucket in onlyBuilt ? [BuiltWheelCache.Bucket] : ExportedBuckets)
                    {
                        foreach (var entry in EntriesOf(bucket))
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            await WriteTreeAsync(tar, entry, cancellationToken).ConfigureAwait(false);
                            entries++;
                        }
                    }
                }
            }
            File.Move(partial, destination, overwrite: true);
            return entries;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>The whole entries of a bucket: what import will verify and publish one by one.</summary>
    private IEnumerable<string> EntriesOf(string bucket)
    {
        var folder = cache.Bucket(bucket);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return bucket switch
        {
            CacheRoot.WheelsBucket => Directory.EnumerateDirectories(folder).Where(CacheLayout.IsCompleteWheelEntry).Order(StringComparer.Ordinal),
            BuiltWheelCache.Bucket => CacheLayout.BuiltWheelFolders(cache).Where(tag => CacheLayout.BuiltWheelIn(tag) is not null).Order(StringComparer.Ordinal),
            _ => CacheLayout.ShardedFiles(cache, bucket).Order(StringComparer.Ordinal),
        };
    }

    private async Task WriteTreeAsync(TarWriter tar, string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            await tar.WriteEntryAsync(path, CacheLayout.Relative(cache, path), cancellationToken).ConfigureAwait(false);
            return;
        }
        await tar.WriteEntryAsync(path, CacheLayout.Relative(cache, path), cancellationToken).ConfigureAwait(false);
        foreach (var child in new DirectoryInfo(path).EnumerateFileSystemInfos().OrderBy(info => info.Name, StringComparer.Ordinal))
        {
            // dfi never writes links into the cache, and import refuses them; one found here was put by someone else.
            if (child.LinkTarget is not null)
            {
                continue;
            }
            // A manifest holds this disk's mtimes, which mean nothing elsewhere: import stamps the files it verified itself.
            if (child.Name == CacheEntry.ManifestFileName && CacheLayout.IsCompleteWheelEntry(path))
            {
                continue;
            }
            // So does the hash kept beside a built wheel: only the wheel travels, and its first use there hashes it again.
            if (IsBuiltWheelFolder(path) && !child.Name.EndsWith(".whl", StringComparison.Ordinal))
            {
                continue;
            }
            await WriteTreeAsync(tar, child.FullName, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsBuiltWheelFolder(string path) =>
        Path.GetDirectoryName(Path.GetDirectoryName(path)) == cache.Bucket(BuiltWheelCache.Bucket);
}
