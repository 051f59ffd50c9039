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
        if (ReadText(cache.LocationPointerPath(locationKey)) is { } text && IsPointer(text, locationKey))
        {
            return text[..64];
        }
        // An older dfi's pointer, named by the key's sha256 and holding the sha256 alone: kept under the short name from now on.
        if (ReadText(cache.LegacyLocationPointerPath(locationKey)) is not { } legacy || !IsLegacyPointer(legacy))
        {
            return null;
        }
        var sha256 = legacy.Trim();
        try
        {
            Record(locationKey, sha256);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still answers from the old name.
        }
        return sha256;
    }

    /// <summary>True when <paramref name="text"/> is a whole pointer file for <paramref name="locationKey"/>: "sha256 LF key LF".</summary>
    public static bool IsPointer(string text, string locationKey) =>
        text.Length == 64 + 1 + locationKey.Length + 1 && text[64] == '\n' && text[^1] == '\n'
        && CacheLayout.IsSha256(text[..64]) && text.AsSpan(65, locationKey.Length).SequenceEqual(locationKey);

    /// <summary>True when <paramref name="text"/> is a pointer as dfi wrote them before the short names: the sha256 and a line end.</summary>
    public static bool IsLegacyPointer(string text) => text.Length <= 80 && CacheLayout.IsSha256(text.Trim());

    /// <summary>The sha256 a pointer file holds, whatever its key or age; null when it is not a whole pointer or cannot be read.</summary>
    public static string? Sha256In(string pointerFile) => ReadText(pointerFile) switch
    {
        { Length: > 66 } text when IsPointer(text, text[65..^1]) => text[..64],
        { } text when IsLegacyPointer(text) => text.Trim(),
        _ => null,
    };

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
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
