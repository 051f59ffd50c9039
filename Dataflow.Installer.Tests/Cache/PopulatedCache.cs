using System.Security.Cryptography;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Tests.Cache;

/// <summary>A cache in a temp folder, filled entry by entry through the same code that fills a real one.</summary>
internal sealed class PopulatedCache : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public PopulatedCache(string name = "cache")
    {
        Root = new CacheRoot(_folder.Combine(name));
        Root.EnsureCreated();
    }

    public CacheRoot Root { get; }

    public string Scratch(string name) => _folder.Combine(name);

    /// <summary>Unzips a generated wheel with the unzip stage and records its location; returns the entry's sha256.</summary>
    public string AddWheel(string filename, int payloadBytes = 0) =>
        AddWheel(TestDistributions.WriteWheel(_folder.Combine("wheels"), filename, payloadBytes), filename);

    /// <summary>As <see cref="AddWheel(string, int)"/>, for a wheel made elsewhere.</summary>
    public string AddWheel(byte[] content, string filename)
    {
        var wheel = _folder.Combine("wheels", filename);
        Directory.CreateDirectory(Path.GetDirectoryName(wheel)!);
        File.WriteAllBytes(wheel, content);
        return AddWheel(wheel, filename);
    }

    private string AddWheel(string wheel, string filename)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(wheel)));
        var parsed = WheelFilename.Parse(filename);
        new WheelUnzipper(Root).Unzip(new DownloadedArchive(wheel, sha256, new FileInfo(wheel).Length, IsScratch: false),
            filename, $"{parsed.Name.WheelEscaped}-{parsed.Version}", CancellationToken.None);
        new LocationPointers(Root).Record($"https://files.example/{filename}", sha256);
        return sha256;
    }

    /// <summary>Puts a wheel where the build stage keeps one built from an sdist; returns its tag folder.</summary>
    public string AddBuiltWheel(string filename)
    {
        var sdistSha256 = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(filename)));
        var folder = Path.Combine(Root.Bucket(BuiltWheelCache.Bucket), sdistSha256, "cp311-cp311-linux_x86_64");
        TestDistributions.WriteWheel(folder, filename);
        return folder;
    }

    /// <summary>Stores a project's index page as the index client does; returns the page file.</summary>
    public string AddPage(string project)
    {
        var url = new Uri($"https://index.example/simple/{project}/");
        var page = new CachedPage(url.AbsoluteUri, "text/html", $"<a href=\"{project}-1.0.tar.gz\">{project}-1.0.tar.gz</a>", "\"etag\"", null,
            DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        new PageCache(Root, TimeProvider.System).Store(url, "text/html", page);
        return Directory.EnumerateFiles(Root.Bucket(PageCache.Bucket), "*.zst", SearchOption.AllDirectories)
            .Single(file => CacheCleaner.ProjectOfPage(file)?.Normalized == PackageName.Parse(project).Normalized);
    }

    /// <summary>
    /// Every file under the root (lock, tag and temp bucket aside) with its content's hash, to compare two caches. An
    /// entry's manifest holds its own disk's mtimes, so it stands as whether it matches its tree instead.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Snapshot(CacheRoot cache) =>
        Directory.EnumerateFiles(cache.Path, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(cache.Path, file))
            .Where(path => !path.StartsWith(".tmp", StringComparison.Ordinal) && !path.StartsWith(EntryLock.Bucket, StringComparison.Ordinal) && path is not (".lock" or "CACHEDIR.TAG"))
            .ToDictionary(path => path, path => Path.GetFileName(path) == CacheEntry.ManifestFileName
                ? WheelEntries.Check(CacheEntry.At(Path.GetFileName(Path.GetDirectoryName(path))!, Path.GetDirectoryName(Path.Combine(cache.Path, path))!)).Problem ?? "matches its tree"
                : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(cache.Path, path)))));

    public void Dispose() => _folder.Dispose();
}
