namespace Dataflow.Installer.Index;

/// <summary>Reads a PEP 503 HTML project page (with the PEP 592, 658 and 714 data attributes) into index files.</summary>
internal static class SimpleHtmlParser
{
    /// <param name="html">The page.</param>
    /// <param name="pageUrl">The URL the page was finally served from (after redirects), for relative links.</param>
    /// <param name="origin">What to name as the files' origin in messages.</param>
    public static List<IndexFile> Parse(string html, Uri pageUrl, string origin)
    {
        var tags = HtmlAnchorScanner.Scan(html);
        // HTML: the first <base href> in the document sets the base for every link, wherever the anchor is.
        var baseUrl = pageUrl;
        var baseTag = tags.FirstOrDefault(tag => tag.Name == "base" && tag.Attributes.ContainsKey("href"));
        if (baseTag is not null && IndexLinks.Resolve(pageUrl, baseTag.Attributes["href"]) is { } resolvedBase)
        {
            baseUrl = resolvedBase;
        }

        var files = new List<IndexFile>();
        foreach (var tag in tags)
        {
            if (tag.Name != "a" || !tag.Attributes.TryGetValue("href", out var href))
            {
                continue;
            }
            var file = ToIndexFile(tag, href, baseUrl, origin);
            if (file is not null)
            {
                files.Add(file);
            }
        }
        return files;
    }

    private static IndexFile? ToIndexFile(HtmlTag anchor, string href, Uri baseUrl, string origin)
    {
        var url = IndexLinks.Resolve(baseUrl, href);
        if (url is null)
        {
            return null;
        }
        var filename = IndexLinks.FilenameOf(url);
        if (filename.Length == 0)
        {
            return null;
        }
        var attributes = anchor.Attributes;
        var requiresPython = attributes.TryGetValue("data-requires-python", out var specifier) && specifier.Trim().Length > 0
            ? specifier.Trim()
            : null;
        // PEP 592: the attribute's presence means yanked; its value, if any, is the reason.
        var yanked = attributes.TryGetValue("data-yanked", out var reason);
        // PEP 714: data-core-metadata replaces data-dist-info-metadata (PEP 658's first name); prefer the new one.
        var coreMetadata = attributes.TryGetValue("data-core-metadata", out var metadata)
            || attributes.TryGetValue("data-dist-info-metadata", out metadata);
        var (hasCoreMetadata, coreMetadataHashes) = ReadCoreMetadata(coreMetadata ? metadata : null);
        return new IndexFile(
            filename,
            IndexLinks.WithoutFragment(url),
            IndexLinks.HashesFromFragment(url),
            requiresPython,
            yanked,
            yanked && reason!.Trim().Length > 0 ? reason.Trim() : null,
            Size: null,
            hasCoreMetadata,
            coreMetadataHashes,
            origin);
    }

    /// <summary>PEP 658: <c>"true"</c> or <c>"sha256=..."</c> means available; absent (or <c>"false"</c>, seen in the wild) means not.</summary>
    private static (bool Available, IReadOnlyDictionary<string, string> Hashes) ReadCoreMetadata(string? value)
    {
        if (value is null)
        {
            return (false, IndexFile.NoHashes);
        }
        value = value.Trim();
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return (false, IndexFile.NoHashes);
        }
        return IndexLinks.ParseHashPair(value) is { } pair
            ? (true, new Dictionary<string, string> { [pair.Algorithm] = pair.Digest })
            : (true, IndexFile.NoHashes);
    }
}
