using Dataflow.Installer.Build;

namespace Dataflow.Installer.Cache;

/// <summary>
/// <c>dfi cache import</c>: unpacks an export into the temp bucket, verifies each entry, then publishes each sound
/// one with a rename, never replacing an entry the cache holds. A damaged archive is refused before anything is
/// published; a bad entry is skipped and reported. Run under the exclusive lock.
/// </summary>
internal sealed class CacheImporter(CacheRoot cache)
{
    public async Task<ImportResult> ImportAsync(string archivePath, CancellationToken cancellationToken)
    {
        cache.EnsureCreated();
        var staging = cache.CreateTempDirectory("import");
        try
        {
            await ArchiveExtractor.ExtractAsync(archivePath, staging, cancellationToken).ConfigureAwait(false);
            return Publish(new CacheRoot(staging), cancellationToken);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private ImportResult Publish(CacheRoot staged, CancellationToken cancellationToken)
    {
        var published = 0;
        var alreadyCached = 0;
        var rejected = new List<string>();
        var ignored = new List<string>();

        foreach (var child in Directory.EnumerateFileSystemEntries(staged.Path).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(child);
            if (!CacheExporter.ExportedBuckets.Contains(name))
            {
                ignored.Add($"{name}: not a bucket dfi imports");
            }
        }

        // Pointers last, so that a pointer never appears before the wheel it leads to.
        var units = new List<(string Path, Func<string, string?> Verify)>();
        units.AddRange(CacheLayout.BuiltWheelFolders(staged).Order(StringComparer.Ordinal).Select(path => (path, (Func<string, string?>)ImportVerifier.BuiltWheel)));
        units.AddRange(AllShardedFiles(staged, PageCache.Bucket).Select(path => (path, (Func<string, string?>)ImportVerifier.Page)));
        units.AddRange(Children(staged.Bucket(CacheRoot.WheelsBucket)).Select(path => (path, (Func<string, string?>)(entry => ImportVerifier.WheelEntry(entry, cancellationToken)))));
        units.AddRange(AllShardedFiles(staged, CacheRoot.LocationsBucket).Select(path => (path, (Func<string, string?>)ImportVerifier.Pointer)));

        foreach (var (path, verify) in units)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = CacheLayout.Relative(staged, path);
            var destination = Path.Combine(cache.Path, relative);
            if (Directory.Exists(destination) || File.Exists(destination))
            {
                alreadyCached++;
                continue;
            }
            if (verify(path) is { } problem)
            {
                rejected.Add($"{relative}: {problem}");
                continue;
            }
            if (CacheLayout.IsCompleteWheelEntry(path))
            {
                // Its files were just hashed against RECORD: what they look like now is what later runs check them against.
                EntryManifest.Capture(Path.Combine(path, CacheEntry.TreeFolderName)).WriteTo(path);
            }
            if (TryMove(path, destination))
            {
                published++;
            }
            else
            {
                alreadyCached++;
            }
        }

        // Anything in a known bucket that is not a whole entry (a stray file beside the wheels, say) is reported too.
        foreach (var bucket in CacheExporter.ExportedBuckets.Where(bucket => bucket != CacheRoot.WheelsBucket))
        {
            foreach (var leftover in Leftovers(staged, bucket))
            {
                ignored.Add($"{CacheLayout.Relative(staged, leftover)}: not an entry of its bucket");
            }
        }
        return new ImportResult(published, alreadyCached, rejected, ignored);
    }

    private static bool TryMove(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            // Neither move replaces an existing destination; a concurrent publisher's entry is as good as ours.
            if (Directory.Exists(source))
            {
                Directory.Move(source, destination);
            }
            else
            {
                File.Move(source, destination, overwrite: false);
            }
            return true;
        }
        catch (IOException) when (Directory.Exists(destination) || File.Exists(destination))
        {
            return false;
        }
    }

    private static IEnumerable<string> AllShardedFiles(CacheRoot staged, string bucket)
    {
        var folder = staged.Bucket(bucket);
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).SelectMany(Directory.EnumerateFiles).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private static IEnumerable<string> Children(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Files left in a staged bucket above the depth of its entries (every child of the wheels bucket is an entry already).</summary>
    private static IEnumerable<string> Leftovers(CacheRoot staged, string bucket)
    {
        var folder = staged.Bucket(bucket);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var depth = bucket == BuiltWheelCache.Bucket ? 2 : 1;
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetRelativePath(folder, file).Count(c => c == Path.DirectorySeparatorChar) < depth)
            .ToList();
    }
}
