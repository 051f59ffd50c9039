using System.Text;
using System.Text.Json;
using ZstdSharp;

namespace Dataflow.Installer.Cache;

/// <summary>
/// Index pages kept between runs with their HTTP validators, so that a fresh page is not fetched again and a
/// stale one is revalidated (304) instead of downloaded. Stored zstd-compressed: large projects' pages are megabytes.
/// Each file is named after its request (<see cref="CacheKey"/>), and holds that request unless it carries credentials.
/// Pages an older dfi stored are named by the sha256 of the request: read when the short name misses, and stored again
/// under it, so that a cache (or an export) made by an older version keeps serving, offline too.
/// </summary>
internal sealed class PageCache(CacheRoot cache, TimeProvider clock)
{
    public const string Bucket = "simple-v1";

    public TimeProvider Clock => clock;

    public CachedPage? TryGet(Uri url, string accept)
    {
        var (path, request) = PathFor(url, accept);
        if (Read(path, request) is { } page)
        {
            return page;
        }
        if (request is null || Read(LegacyPath(request), expectedRequest: null) is not { } legacy)
        {
            return null;
        }
        try
        {
            Store(url, accept, legacy);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves the page from its old name.
        }
        return legacy;
    }

    public void Store(Uri url, string accept, CachedPage page)
    {
        var (path, request) = PathFor(url, accept);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (request is not null)
            {
                writer.WriteString("request", request);
            }
            writer.WriteString("url", page.FinalUrl);
            writer.WriteString("media_type", page.MediaType);
            writer.WriteString("etag", page.ETag);
            writer.WriteString("last_modified", page.LastModified);
            writer.WriteNumber("stored_at", page.StoredAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("max_age", page.MaxAge.TotalSeconds);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        buffer.Write(Encoding.UTF8.GetBytes(page.Body));
        using var compressor = new Compressor(3);
        var compressed = compressor.Wrap(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written beside and renamed: a concurrent reader sees the old page or the new one, never half of one.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, compressed.ToArray());
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // A full disk fails the write part-way: the partial file is not left for nobody to clean.
            File.Delete(temp);
            throw;
        }
    }

    // The key includes any credentials so that two users' views of a private index stay apart; such a key is hashed
    // with sha256 and never stored (Request is null), any other is stored in the file and compared when read.
    private (string Path, string? Request) PathFor(Uri url, string accept)
    {
        var key = url.AbsoluteUri + "\n" + accept;
        var secret = url.UserInfo.Length > 0;
        return (PageNamed(CacheKey.Name(key, secret)), secret ? null : key);
    }

    // A page whose file is missing, damaged, or holds another request than expected (a clash of names) is a miss.
    private static CachedPage? Read(string path, string? expectedRequest)
    {
        try
        {
            var compressed = File.ReadAllBytes(path);
            using var decompressor = new Decompressor();
            var bytes = decompressor.Unwrap(compressed);
            var text = Encoding.UTF8.GetString(bytes);
            var newline = text.IndexOf('\n');
            using var header = JsonDocument.Parse(text.AsMemory(0, newline));
            var root = header.RootElement;
            if (expectedRequest is not null && Optional(root, "request") != expectedRequest)
            {
                return null;
            }
            return new CachedPage(
                root.GetProperty("url").GetString()!,
                Optional(root, "media_type"),
                text[(newline + 1)..],
                Optional(root, "etag"),
                Optional(root, "last_modified"),
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("stored_at").GetInt64()),
                TimeSpan.FromSeconds(root.GetProperty("max_age").GetDouble()));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or ZstdException
            or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    // Where a dfi before the short names kept the page: named by the request's sha256, not holding the request.
    private string LegacyPath(string request) => PageNamed(CacheKey.Name(request, secret: true));

    private string PageNamed(string name) => Path.Combine(cache.Path, Bucket, name[..2], name + ".zst");

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
