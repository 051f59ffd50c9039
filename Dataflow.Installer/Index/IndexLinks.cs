namespace Dataflow.Installer.Index;

/// <summary>URL helpers shared by the HTML and JSON parsers: resolving links, reading hash fragments, naming files.</summary>
internal static class IndexLinks
{
    /// <summary>Resolves <paramref name="href"/> against <paramref name="baseUrl"/>; null when it is not a usable URL.</summary>
    public static Uri? Resolve(Uri baseUrl, string href)
    {
        href = href.Trim();
        if (href.Length == 0 || !Uri.TryCreate(baseUrl, href, out var url))
        {
            return null;
        }
        return url.IsAbsoluteUri ? url : null;
    }

    public static Uri WithoutFragment(Uri url)
    {
        if (url.Fragment.Length == 0)
        {
            return url;
        }
        return new Uri(url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped));
    }

    /// <summary>The percent-decoded last path component, which PEP 503 says is the file's name.</summary>
    public static string FilenameOf(Uri url)
    {
        var path = url.AbsolutePath;
        var slash = path.LastIndexOf('/');
        return Uri.UnescapeDataString(path[(slash + 1)..]);
    }

    /// <summary>Reads <c>#sha256=abc...</c> (PEP 503) into a one-entry map; other fragments give an empty map.</summary>
    public static IReadOnlyDictionary<string, string> HashesFromFragment(Uri url)
    {
        var fragment = url.Fragment.TrimStart('#');
        return ParseHashPair(fragment) is { } pair
            ? new Dictionary<string, string> { [pair.Algorithm] = pair.Digest }
            : IndexFile.NoHashes;
    }

    /// <summary>Parses <c>name=hexdigest</c>, as in URL fragments and <c>data-core-metadata</c> (PEP 658).</summary>
    public static (string Algorithm, string Digest)? ParseHashPair(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
        {
            return null;
        }
        var algorithm = text[..equals].Trim().ToLowerInvariant();
        var digest = text[(equals + 1)..].Trim().ToLowerInvariant();
        if (!IsHexDigest(digest))
        {
            return null;
        }
        return (algorithm, digest);
    }

    public static bool IsHexDigest(string digest) => digest.Length > 0 && digest.All(char.IsAsciiHexDigit);

    /// <summary>
    /// A base URL for links in a local HTML file. A Uri made from a bare path is an "implicit file" Uri, and
    /// links resolved against it keep '#' in the path; the explicit <c>file:///</c> form lets fragments be fragments.
    /// </summary>
    public static Uri LocalPageUrl(string path) => new(new Uri(path).AbsoluteUri);
}
