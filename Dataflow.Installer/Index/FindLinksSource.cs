namespace Dataflow.Installer.Index;

/// <summary>
/// Lists the distributions at a find-links location: a local folder (or <c>file:</c> URL to one), a local
/// HTML file, or an HTML page over HTTP(S). Project filtering is left to the caller.
/// </summary>
internal sealed class FindLinksSource(string location, HttpClient httpClient)
{
    private const string HtmlAccept = "text/html, application/vnd.pypi.simple.v1+html;q=0.9";

    private readonly IndexPageFetcher _fetcher = new(httpClient);

    public string Location { get; } = location;

    /// <summary>Every file whose name ends like a wheel or an sdist.</summary>
    public async Task<IReadOnlyList<IndexFile>> GetFilesAsync(CancellationToken cancellationToken)
    {
        var files = await ListAsync(cancellationToken);
        return files.Where(file => DistributionExtensions.IsDistribution(file.Filename)).ToList();
    }

    private async Task<List<IndexFile>> ListAsync(CancellationToken cancellationToken)
    {
        var origin = UrlRedactor.Redact(Location);
        if (Uri.TryCreate(Location, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var page = await _fetcher.GetAsync(url, HtmlAccept, cancellationToken)
                ?? throw new IndexException($"The find-links page {origin} was not found (404).");
            var links = SimpleIndexClient.Parse(page, origin);
            return links.Select(file => file with { Url = UrlCredentials.InheritFrom(url, file.Url) }).ToList();
        }

        var path = url is { IsFile: true } ? url.LocalPath : Path.GetFullPath(Location);
        if (Directory.Exists(path))
        {
            return new DirectoryInfo(path).EnumerateFiles()
                .Select(file => new IndexFile(
                    file.Name, new Uri(file.FullName), IndexFile.NoHashes, RequiresPython: null, Yanked: false,
                    YankedReason: null, file.Length, HasCoreMetadata: false, IndexFile.NoHashes, origin))
                .ToList();
        }
        if (File.Exists(path))
        {
            var html = await File.ReadAllTextAsync(path, cancellationToken);
            return SimpleHtmlParser.Parse(html, IndexLinks.LocalPageUrl(path), origin);
        }
        if (url is not null && !url.IsFile)
        {
            throw new IndexException($"The find-links location {origin} is neither a local path nor an http(s) URL.");
        }
        throw new IndexException($"The find-links location {origin} does not exist.");
    }
}
