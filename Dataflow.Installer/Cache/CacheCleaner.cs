using System.Text;
using System.Text.Json;
using Dataflow.Installer.Build;
using Dataflow.Installer.Standards;
using ZstdSharp;

namespace Dataflow.Installer.Cache;

/// <summary><c>dfi cache clean</c>: empties the cache, or removes one or more projects' entries. Run under the exclusive lock.</summary>
internal sealed class CacheCleaner(CacheRoot cache)
{
    /// <summary>Removes everything but the lock file and CACHEDIR.TAG, one root folder at a time.</summary>
    public IReadOnlyList<CacheRemoval> CleanAll(CancellationToken cancellationToken)
    {
        var removed = new List<CacheRemoval>();
        if (!Directory.Exists(cache.Path))
        {
            return removed;
        }
        // The lock file stays: a process waiting on it must wait on the same file as the holder, not on a new one.
        var children = Directory.EnumerateFileSystemEntries(cache.Path)
            .Where(path => Path.GetFileName(path) is not (CacheLock.FileName or CacheLayout.TagFileName))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var child in children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            removed.Add(new CacheRemoval(CacheLayout.Relative(cache, child), "cleaned", CacheLayout.SizeOf(child)));
            if (Path.GetFileName(child) == CacheRoot.TempBucket)
            {
                // The temp bucket is where removals go first, so it is emptied rather than moved into itself.
                foreach (var staged in Directory.EnumerateFileSystemEntries(child).ToList())
                {
                    CacheLayout.Remove(cache, staged);
                }
                continue;
            }
            CacheLayout.Remove(cache, child);
        }
        cache.EnsureCreated();
        return removed;
    }

    /// <summary>
    /// Removes the named projects' unzipped wheels (found by their <c>.dist-info</c> folder), built wheels (by file
    /// name), index pages (by the URL stored in them), and the location pointers that led to the removed wheels.
    /// </summary>
    public IReadOnlyList<CacheRemoval> CleanProjects(IReadOnlyCollection<PackageName> projects, CancellationToken cancellationToken)
    {
        var names = projects.Select(project => project.Normalized).ToHashSet(StringComparer.Ordinal);
        var removed = new List<CacheRemoval>();
        var removedWheels = new HashSet<string>(StringComparer.Ordinal);

        var wheels = cache.Bucket(CacheRoot.WheelsBucket);
        if (Directory.Exists(wheels))
        {
            foreach (var entry in Directory.EnumerateDirectories(wheels).ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (DistributionIn(Path.Combine(entry, CacheEntry.TreeFolderName)) is { } found && names.Contains(found.Name.Normalized))
                {
                    removed.Add(new CacheRemoval(CacheLayout.Relative(cache, entry), $"{found.Name} {found.Version}", CacheLayout.SizeOf(entry)));
                    CacheLayout.Remove(cache, entry);
                    removedWheels.Add(Path.GetFileName(entry));
                }
            }
        }

        foreach (var folder in CacheLayout.BuiltWheelFolders(cache).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CacheLayout.BuiltWheelIn(folder) is { } wheel && WheelFilename.TryParse(Path.GetFileName(wheel), out var parsed)
                && names.Contains(parsed.Name.Normalized))
            {
                removed.Add(new CacheRemoval(CacheLayout.Relative(cache, folder), $"{parsed.Name} {parsed.Version} (built)", CacheLayout.SizeOf(folder)));
                CacheLayout.Remove(cache, folder);
                RemoveIfEmpty(Path.GetDirectoryName(folder)!);
            }
        }

        foreach (var page in CacheLayout.ShardedFiles(cache, PageCache.Bucket).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ProjectOfPage(page) is { } project && names.Contains(project.Normalized))
            {
                removed.Add(new CacheRemoval(CacheLayout.Relative(cache, page), $"{project} index page", CacheLayout.SizeOf(page)));
                File.Delete(page);
            }
        }

        if (removedWheels.Count > 0)
        {
            foreach (var pointer in CacheLayout.ShardedFiles(cache, CacheRoot.LocationsBucket).ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (LocationPointers.Sha256In(pointer) is { } sha256 && removedWheels.Contains(sha256))
                {
                    removed.Add(new CacheRemoval(CacheLayout.Relative(cache, pointer), "location of a removed wheel", CacheLayout.SizeOf(pointer)));
                    File.Delete(pointer);
                }
            }
        }
        return removed;
    }

    /// <summary>The distribution an unzipped tree holds, named by its single <c>NAME-VERSION.dist-info</c> folder (PEP 427).</summary>
    public static (PackageName Name, string Version)? DistributionIn(string tree)
    {
        if (!Directory.Exists(tree))
        {
            return null;
        }
        foreach (var folder in Directory.EnumerateDirectories(tree, "*.dist-info"))
        {
            var stem = Path.GetFileName(folder)[..^".dist-info".Length];
            var dash = stem.IndexOf('-');
            if (dash > 0 && PackageName.TryParse(stem[..dash], out var name))
            {
                return (name, stem[(dash + 1)..]);
            }
        }
        return null;
    }

    /// <summary>
    /// The project of a cached index page: the last segment of the page's URL, which PageCache stores in its header
    /// line (<c>.../simple/&lt;project&gt;/</c>, PEP 503). Null for a page that is not a project page or cannot be read.
    /// </summary>
    public static PackageName? ProjectOfPage(string page)
    {
        try
        {
            using var decompressor = new Decompressor();
            var text = Encoding.UTF8.GetString(decompressor.Unwrap(File.ReadAllBytes(page)));
            var newline = text.IndexOf('\n');
            using var header = JsonDocument.Parse(newline < 0 ? text : text[..newline]);
            var url = new Uri(header.RootElement.GetProperty("url").GetString()!);
            var segment = url.AbsolutePath.TrimEnd('/').Split('/')[^1];
            return PackageName.TryParse(Uri.UnescapeDataString(segment), out var name) ? name : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ZstdException or JsonException
            or KeyNotFoundException or InvalidOperationException or UriFormatException or ArgumentException)
        {
            return null;
        }
    }

    private static void RemoveIfEmpty(string folder)
    {
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }
}
