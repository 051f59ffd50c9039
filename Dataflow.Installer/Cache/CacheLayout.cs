using Dataflow.Installer.Build;

namespace Dataflow.Installer.Cache;

/// <summary>What the cache's current layout holds and how to tell a whole entry from debris, for the <c>dfi cache</c> commands.</summary>
internal static class CacheLayout
{
    public const string TagFileName = "CACHEDIR.TAG";

    /// <summary>Interpreter queries; PythonInterpreter keeps the name private, so it is repeated here for prune and stats.</summary>
    public const string InterpretersBucket = "interpreters-v4";

    /// <summary>The suffix of the files PageCache and LocationPointers write beside their target before renaming.</summary>
    public const string PendingFileSuffix = ".tmp";

    /// <summary>The buckets this version of dfi reads; any other folder at the root is an old layout or debris.</summary>
    public static IReadOnlyList<string> CurrentBuckets { get; } =
        [CacheRoot.WheelsBucket, BuiltWheelCache.Bucket, PageCache.Bucket, CacheRoot.LocationsBucket, InterpretersBucket];

    public static bool IsSha256(string name) =>
        name.Length == 64 && name.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>
    /// An unzipped wheel is published by renaming a staging folder that already holds the finished <c>tree</c>,
    /// so the folder's name and its <c>tree</c> are the completion marker; anything else there is debris.
    /// </summary>
    public static bool IsCompleteWheelEntry(string directory) =>
        IsSha256(Path.GetFileName(directory)) && Directory.Exists(Path.Combine(directory, CacheEntry.TreeFolderName));

    /// <summary>The wheel in a <c>built-wheels-v1/&lt;sha256&gt;/&lt;tag key&gt;</c> folder, or null when it holds no single wheel.</summary>
    public static string? BuiltWheelIn(string tagDirectory)
    {
        var wheels = Directory.EnumerateFiles(tagDirectory, "*.whl").Take(2).ToList();
        return wheels.Count == 1 ? wheels[0] : null;
    }

    /// <summary>The <c>built-wheels-v1/&lt;sha256&gt;/&lt;tag key&gt;</c> folders.</summary>
    public static IEnumerable<string> BuiltWheelFolders(CacheRoot cache)
    {
        var bucket = cache.Bucket(BuiltWheelCache.Bucket);
        return Directory.Exists(bucket)
            ? Directory.EnumerateDirectories(bucket).SelectMany(Directory.EnumerateDirectories)
            : [];
    }

    /// <summary>Files two levels down (<c>&lt;bucket&gt;/&lt;xx&gt;/&lt;key&gt;</c>), as PageCache and LocationPointers store them; pending writes excluded.</summary>
    public static IEnumerable<string> ShardedFiles(CacheRoot cache, string bucket)
    {
        var folder = cache.Bucket(bucket);
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder)
                .SelectMany(Directory.EnumerateFiles)
                .Where(file => !file.EndsWith(PendingFileSuffix, StringComparison.Ordinal))
            : [];
    }

    /// <summary>The bytes of the files under <paramref name="path"/> (or of the file itself).</summary>
    public static long SizeOf(string path)
    {
        if (File.Exists(path))
        {
            return new FileInfo(path).Length;
        }
        if (!Directory.Exists(path))
        {
            return 0;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        return new DirectoryInfo(path).EnumerateFiles("*", options).Sum(file => file.Length);
    }

    /// <summary>
    /// Removes a file or folder so that it disappears at once: a folder is first renamed into the temp bucket, so an
    /// interrupted delete leaves debris there for prune instead of a half-deleted entry that still looks whole.
    /// </summary>
    public static void Remove(CacheRoot cache, string path)
    {
        if (IsSymbolicLink(path) || File.Exists(path))
        {
            File.Delete(path);
            return;
        }
        if (!Directory.Exists(path))
        {
            return;
        }
        Directory.CreateDirectory(cache.Bucket(CacheRoot.TempBucket));
        var trash = Path.Combine(cache.Bucket(CacheRoot.TempBucket), $"trash-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.Move(path, trash);
        Directory.Delete(trash, recursive: true);
    }

    /// <summary>A path relative to the cache root with forward slashes, for reports.</summary>
    public static string Relative(CacheRoot cache, string path) => Path.GetRelativePath(cache.Path, path).Replace('\\', '/');

    private static bool IsSymbolicLink(string path)
    {
        try
        {
            return File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
