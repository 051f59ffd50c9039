namespace Dataflow.Installer.Cache;

/// <summary>
/// Remembers which sha256 a file location had, so that a warm run can find a cached wheel for an index
/// that publishes no hashes without downloading it again. A pointer file holds the sha256 on its first line and its
/// location key on the second, compared when read (files are named by a non-cryptographic hash, <see cref="CacheKey"/>).
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
            var text = File.ReadAllText(cache.LocationPointerPath(locationKey));
            return IsPointer(text, locationKey) ? text[..64] : null;
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

    /// <summary>True when <paramref name="text"/> is a whole pointer file for <paramref name="locationKey"/>: "sha256 LF key LF".</summary>
    public static bool IsPointer(string text, string locationKey) =>
        text.Length == 64 + 1 + locationKey.Length + 1 && text[64] == '\n' && text[^1] == '\n'
        && CacheLayout.IsSha256(text[..64]) && text.AsSpan(65, locationKey.Length).SequenceEqual(locationKey);

    /// <summary>The sha256 a pointer file holds, whatever its key; null when it is not a whole pointer or cannot be read.</summary>
    public static string? Sha256In(string pointerFile)
    {
        try
        {
            var text = File.ReadAllText(pointerFile);
            return text.Length > 66 && IsPointer(text, text[65..^1]) ? text[..64] : null;
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
        File.WriteAllText(temp, sha256 + "\n" + locationKey + "\n");
        File.Move(temp, path, overwrite: true);
    }
}
