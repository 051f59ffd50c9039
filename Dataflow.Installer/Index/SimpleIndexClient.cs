using Dataflow.Installer.Cache;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Index;

/// <summary>Lists a project's files on a simple repository (PEP 503 HTML or PEP 691 JSON, negotiated).</summary>
internal sealed class SimpleIndexClient(HttpClient httpClient, PageCache? pageCache = null, PageCachePolicy policy = PageCachePolicy.Default)
{
    /// <summary>PEP 691's recommended Accept header: JSON preferred, then the versioned HTML, then legacy HTML.</summary>
    public const string AcceptHeader =
        "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

    private readonly IndexPageFetcher _fetcher = new(httpClient, pageCache, policy);

    // One run asks for a page once, however many environments (of a batch) need the project.
    private readonly Pipeline.InFlightMap<string, IReadOnlyList<IndexFile>?> _pages = new(StringComparer.Ordinal);

    /// <summary><c>--refresh-package</c>: projects whose cached pages are revalidated even while fresh.</summary>
    public IReadOnlySet<PackageName> Refreshed { get; init; } = new HashSet<PackageName>();

    /// <summary>The project's files on that index, or null when the index does not have the project (404).</summary>
    public Task<IReadOnlyList<IndexFile>?> GetProjectFilesAsync(Uri indexUrl, PackageName project, CancellationToken cancellationToken)
    {
        var pageUrl = ProjectPageUrl(indexUrl, project);
        return _pages.GetOrRunAsync(pageUrl.AbsoluteUri, () => FetchProjectFilesAsync(pageUrl, Refreshed.Contains(project), cancellationToken));
    }

    private async Task<IReadOnlyList<IndexFile>?> FetchProjectFilesAsync(Uri pageUrl, bool refresh, CancellationToken cancellationToken)
    {
        var origin = UrlRedactor.Redact(pageUrl);
        var page = pageUrl.IsFile
            ? await ReadLocalPageAsync(pageUrl, cancellationToken)
            : await _fetcher.GetAsync(pageUrl, AcceptHeader, cancellationToken, refresh);
        if (page is null)
        {
            return null;
        }
        var files = Parse(page, origin);
        for (var i = 0; i < files.Count; i++)
        {
            files[i] = files[i] with { Url = UrlCredentials.InheritFrom(pageUrl, files[i].Url) };
        }
        return files;
    }

    /// <summary><c>{index}/{normalized}/</c> with exactly one slash between them (PEP 503).</summary>
    public static Uri ProjectPageUrl(Uri indexUrl, PackageName project)
    {
        if (!indexUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The index URL {indexUrl} is not absolute.", nameof(indexUrl));
        }
        // GetLeftPart keeps the escaped user info, so credentials survive unchanged.
        var root = indexUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri($"{root}/{project.Normalized}/");
    }

    /// <summary>Chooses the parser by media type (PEP 691); pages without one are read as HTML, as pip does.</summary>
    internal static List<IndexFile> Parse(FetchedPage page, string origin)
    {
        var mediaType = page.MediaType?.Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/vnd.pypi.simple.v1+json" or "application/vnd.pypi.simple.latest+json"
                => SimpleJsonParser.Parse(page.Body, page.Url, origin),
            null or "" or "text/html" or "application/vnd.pypi.simple.v1+html" or "application/vnd.pypi.simple.latest+html"
                => SimpleHtmlParser.Parse(page.Body, page.Url, origin),
            _ => throw new IndexException(
                $"{origin} answered with content type '{page.MediaType}', which is not a simple repository page (PEP 503/691)."),
        };
    }

    /// <summary>A <c>file:</c> index is a tree of static pages: <c>{project}/index.html</c>, as pip reads it.</summary>
    private static async Task<FetchedPage?> ReadLocalPageAsync(Uri pageUrl, CancellationToken cancellationToken)
    {
        var path = Path.Combine(pageUrl.LocalPath, "index.html");
        if (!File.Exists(path))
        {
            return null;
        }
        var html = await File.ReadAllTextAsync(path, cancellationToken);
        return new FetchedPage(IndexLinks.LocalPageUrl(path), "text/html", html);
    }
}
