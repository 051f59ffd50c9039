using System.Text.Json;

namespace Dataflow.Installer.Index;

/// <summary>Reads a PEP 691 JSON project page (with PEP 592 yanking, PEP 714 core metadata and PEP 700 sizes) into index files.</summary>
internal static class SimpleJsonParser
{
    /// <param name="json">The page.</param>
    /// <param name="pageUrl">The URL the page was finally served from; PEP 691 lets file URLs be relative to it.</param>
    /// <param name="origin">What to name as the files' origin in messages.</param>
    public static List<IndexFile> Parse(string json, Uri pageUrl, string origin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new IndexException($"{origin} returned a JSON page that is not valid JSON: {exception.Message}", exception);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new IndexException($"{origin} returned a JSON page whose top level is not an object (PEP 691).");
            }
            CheckApiVersion(root, origin);
            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            {
                throw new IndexException($"{origin} returned a JSON page without a 'files' list (PEP 691).");
            }
            var result = new List<IndexFile>(files.GetArrayLength());
            foreach (var file in files.EnumerateArray())
            {
                if (ToIndexFile(file, pageUrl, origin) is { } indexFile)
                {
                    result.Add(indexFile);
                }
            }
            return result;
        }
    }

    /// <summary>PEP 691 (after PEP 629): refuse a major version we do not know; minor versions only add fields.</summary>
    private static void CheckApiVersion(JsonElement root, string origin)
    {
        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("api-version", out var apiVersion) && apiVersion.ValueKind == JsonValueKind.String)
        {
            var version = apiVersion.GetString()!;
            var major = version.Split('.')[0];
            if (major != "1")
            {
                throw new IndexException($"{origin} speaks simple API version {version}; only 1.x is understood (PEP 629).");
            }
        }
    }

    private static IndexFile? ToIndexFile(JsonElement file, Uri pageUrl, string origin)
    {
        if (file.ValueKind != JsonValueKind.Object
            || GetString(file, "url") is not { } href
            || IndexLinks.Resolve(pageUrl, href) is not { } url)
        {
            return null;
        }
        var filename = GetString(file, "filename") ?? IndexLinks.FilenameOf(url);
        if (filename.Length == 0)
        {
            return null;
        }
        var hashes = file.TryGetProperty("hashes", out var hashMap) ? ReadHashes(hashMap) : IndexFile.NoHashes;
        if (hashes.Count == 0)
        {
            hashes = IndexLinks.HashesFromFragment(url);
        }
        var requiresPython = GetString(file, "requires-python") is { } specifier && specifier.Trim().Length > 0
            ? specifier.Trim()
            : null;
        var (yanked, reason) = ReadYanked(file);
        var (hasCoreMetadata, coreMetadataHashes) = ReadCoreMetadata(file);
        long? size = file.TryGetProperty("size", out var sizeElement) && sizeElement.ValueKind == JsonValueKind.Number
            && sizeElement.TryGetInt64(out var bytes)
            ? bytes
            : null;
        DateTimeOffset? uploaded = GetString(file, "upload-time") is { } time && DateTimeOffset.TryParse(time,
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
        return new IndexFile(
            filename,
            IndexLinks.WithoutFragment(url),
            hashes,
            requiresPython,
            yanked,
            reason,
            size,
            hasCoreMetadata,
            coreMetadataHashes,
            origin,
            uploaded);
    }

    /// <summary>PEP 691: <c>yanked</c> is false, true, or a string that both means yanked and gives the reason.</summary>
    private static (bool Yanked, string? Reason) ReadYanked(JsonElement file)
    {
        if (!file.TryGetProperty("yanked", out var yanked))
        {
            return (false, null);
        }
        return yanked.ValueKind switch
        {
            JsonValueKind.True => (true, null),
            JsonValueKind.String => (true, yanked.GetString()!.Trim() is { Length: > 0 } reason ? reason : null),
            _ => (false, null),
        };
    }

    /// <summary>PEP 714: <c>core-metadata</c>, or PEP 658's older <c>dist-info-metadata</c>: false, true, or a hash map.</summary>
    private static (bool Available, IReadOnlyDictionary<string, string> Hashes) ReadCoreMetadata(JsonElement file)
    {
        if (!file.TryGetProperty("core-metadata", out var metadata) && !file.TryGetProperty("dist-info-metadata", out metadata))
        {
            return (false, IndexFile.NoHashes);
        }
        return metadata.ValueKind switch
        {
            JsonValueKind.True => (true, IndexFile.NoHashes),
            JsonValueKind.Object => (true, ReadHashes(metadata)),
            _ => (false, IndexFile.NoHashes),
        };
    }

    private static IReadOnlyDictionary<string, string> ReadHashes(JsonElement hashes)
    {
        if (hashes.ValueKind != JsonValueKind.Object)
        {
            return IndexFile.NoHashes;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var hash in hashes.EnumerateObject())
        {
            if (hash.Value.ValueKind == JsonValueKind.String && hash.Value.GetString()!.Trim().ToLowerInvariant() is var digest
                && IndexLinks.IsHexDigest(digest))
            {
                result[hash.Name.ToLowerInvariant()] = digest;
            }
        }
        return result.Count == 0 ? IndexFile.NoHashes : result;
    }

    private static string? GetString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
