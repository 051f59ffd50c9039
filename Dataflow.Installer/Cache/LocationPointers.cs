namespace Dataflow.Installer.Cache;

/// <summary>
/// Remembers which sha256 a file location had, so that a warm run can find a cached wheel for an index
/// that publishes no hashes without downloading it again.
/// </summary>
internal sealed class LocationPointers(CacheRoot cache)
{
    /// <summary>The key for a local file: its path, size and mtime, so an edited file is not mistaken for the old one.</summary>
    public static string LocalFileKey(string path)
    {
        var info = new FileInfo(path);
        return $"file:{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
    }

    public string? TryGetSha256(string locationKey)
    {
        try
        {
            var text = File.ReadAllText(cache.LocationPointerPath(locationKey)).Trim();
            return text.Length == 64 ? text : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Record(string locationKey, string sha256)
    {
        var path = cache.LocationPointerPath(locationKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, sha256 + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
