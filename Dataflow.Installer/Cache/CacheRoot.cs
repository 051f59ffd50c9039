namespace Dataflow.Installer.Cache;

/// <summary>
/// The cache's folder and its versioned buckets. Every bucket name carries a version so that a future
/// layout change starts a new bucket instead of misreading an old one.
/// </summary>
internal sealed class CacheRoot
{
    /// <summary>Unzipped wheels, one folder per wheel sha256 (content-addressed, immutable once published).</summary>
    public const string WheelsBucket = "wheels-v1";

    /// <summary>Pointers from a file's location (URL, or local path with size and mtime) to its sha256.</summary>
    public const string LocationsBucket = "locations-v1";

    /// <summary>Staging folders; everything here is private to one run and removed by it.</summary>
    public const string TempBucket = ".tmp";

    public CacheRoot(string path, bool isTemporary = false)
    {
        Path = System.IO.Path.GetFullPath(path);
        IsTemporary = isTemporary;
    }

    public string Path { get; }

    /// <summary>True for a <c>--no-cache</c> run's cache, deleted when the run ends.</summary>
    public bool IsTemporary { get; }

    /// <summary>The folder of bucket <paramref name="bucket"/>.</summary>
    public string Bucket(string bucket) => System.IO.Path.Combine(Path, bucket);

    /// <summary>Where the unzipped wheel with this sha256 lives once published.</summary>
    public string WheelEntryPath(string sha256) => System.IO.Path.Combine(Path, WheelsBucket, sha256);

    /// <summary>The pointer file for a location key.</summary>
    public string LocationPointerPath(string locationKey)
    {
        // Location keys carry no credentials (URLs lose their user info), so the pointer holds its key to be compared.
        return PointerNamed(CacheKey.Name(locationKey, secret: false));
    }

    /// <summary>Where a dfi before the short names kept the pointer for a location key: named by the key's sha256, holding only the sha256 it points at.</summary>
    public string LegacyLocationPointerPath(string locationKey) => PointerNamed(CacheKey.Name(locationKey, secret: true));

    private string PointerNamed(string name) => System.IO.Path.Combine(Path, LocationsBucket, name[..2], name);

    /// <summary>Creates the root with its CACHEDIR.TAG so that backup tools skip it.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(Bucket(TempBucket));
        var tag = System.IO.Path.Combine(Path, "CACHEDIR.TAG");
        if (!File.Exists(tag))
        {
            try
            {
                File.WriteAllText(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by dfi.\n");
            }
            catch (IOException)
            {
                // Another process wrote it first.
            }
        }
    }

    /// <summary>
    /// A new, empty staging folder inside the cache root, so that publishing it is a same-filesystem rename. Its name
    /// carries this process's owner token (<see cref="RunOwner"/>), whose lock is taken before the first folder exists.
    /// </summary>
    public string CreateTempDirectory(string purpose)
    {
        var path = System.IO.Path.Combine(Bucket(TempBucket), RunOwner.TempFolderName(purpose, RunOwner.Acquire(this)));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The default location: <c>DFI_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/dfi</c>, else <c>~/.cache/dfi</c>.</summary>
    public static string DefaultPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DFI_CACHE_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return System.IO.Path.Combine(xdg, "dfi");
        }
        return System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "dfi");
    }
}
