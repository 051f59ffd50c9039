using System.Net;
using System.Text;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;

namespace Dataflow.Installer.Index;

/// <summary>
/// GETs one index or find-links page, authenticating from URL credentials or netrc, retrying transient failures
/// through the client's <see cref="NetworkResilience"/> and turning failures into <see cref="IndexException"/>; with a
/// <see cref="PageCache"/>, fresh pages come from the cache and stale ones are revalidated with their ETag / Last-Modified.
/// </summary>
internal sealed class IndexPageFetcher(HttpClient httpClient, PageCache? cache = null, PageCachePolicy policy = PageCachePolicy.Default)
{
    private readonly NetworkResilience _network = NetworkResilience.For(httpClient);

    /// <summary>The page, or null when the server answers 404; credentials never appear in the errors.</summary>
    /// <param name="refresh">Revalidate a cached page even while it is fresh (<c>--refresh-package</c>), as the Refresh policy does for every page.</param>
    public async Task<FetchedPage?> GetAsync(Uri url, string accept, CancellationToken cancellationToken, bool refresh = false)
    {
        var shownUrl = UrlRedactor.Redact(url);
        var cached = cache?.TryGet(url, accept);
        var now = cache?.Clock.GetUtcNow() ?? DateTimeOffset.UtcNow;
        if (cached is not null && (policy == PageCachePolicy.Offline || (policy == PageCachePolicy.Default && !refresh && cached.IsFresh(now))))
        {
            return ToPage(cached);
        }
        if (policy == PageCachePolicy.Offline)
        {
            throw new IndexException($"{shownUrl} is not in the cache, and --offline forbids fetching it.");
        }

        try
        {
            return await _network.ExecuteAsync(shownUrl, attempt => AttemptAsync(attempt, url, accept, cached, now), cancellationToken);
        }
        catch (NetworkException exception) when (exception.IsTimeout)
        {
            throw new IndexException($"Timed out reading {shownUrl}: {exception.Message}.", exception);
        }
        catch (NetworkException exception)
        {
            throw new IndexException($"Could not read {shownUrl}: {exception.Message}.", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new IndexException($"Could not read {shownUrl}: {exception.Message}", exception);
        }
    }

    private async Task<FetchedPage?> AttemptAsync(NetworkAttempt attempt, Uri url, string accept, CachedPage? cached, DateTimeOffset now)
    {
        using var request = _network.CreateGetRequest(url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (cached?.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }
        if (cached?.LastModified is { } lastModified)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }
        using var response = await attempt.SendAsync(httpClient, request);
        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
        {
            var revalidated = cached with { StoredAt = now, MaxAge = Freshness(response, now) ?? cached.MaxAge };
            cache!.Store(url, accept, revalidated);
            return ToPage(revalidated);
        }
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            // Not retried: 401, 403 and the other 4xx answers say the same thing every time.
            var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " Check the credentials in the index URL or in .netrc."
                : "";
            throw new IndexException(
                $"{UrlRedactor.Redact(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}.{hint}");
        }
        var body = await ReadBodyAsync(attempt, response);
        var finalUrl = response.RequestMessage?.RequestUri ?? UrlCredentials.WithoutUserInfo(url);
        var page = new FetchedPage(finalUrl, response.Content.Headers.ContentType?.MediaType, body);
        if (cache is not null && response.Headers.CacheControl?.NoStore != true)
        {
            cache.Store(url, accept, new CachedPage(
                UrlCredentials.WithoutUserInfo(finalUrl).AbsoluteUri, page.MediaType, body,
                response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"),
                now, Freshness(response, now) ?? TimeSpan.Zero));
        }
        return page;
    }

    /// <summary>The body as text, read under the attempt's idle timeout: the charset the server named, else a BOM, else UTF-8.</summary>
    private static async Task<string> ReadBodyAsync(NetworkAttempt attempt, HttpResponseMessage response)
    {
        using var buffer = new MemoryStream();
        await attempt.CopyBodyAsync(response, buffer);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, EncodingOf(response.Content.Headers.ContentType?.CharSet), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(attempt.CancellationToken);
    }

    private static Encoding EncodingOf(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return Encoding.UTF8;
        }
        try
        {
            return Encoding.GetEncoding(charset.Trim().Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private static FetchedPage ToPage(CachedPage cached) => new(new Uri(cached.FinalUrl), cached.MediaType, cached.Body);

    // RFC 9111: no-cache means revalidate every time; max-age wins over Expires. No heuristic freshness.
    private static TimeSpan? Freshness(HttpResponseMessage response, DateTimeOffset now)
    {
        var control = response.Headers.CacheControl;
        if (control?.NoCache == true)
        {
            return TimeSpan.Zero;
        }
        if (control?.MaxAge is { } maxAge)
        {
            var age = response.Headers.Age ?? TimeSpan.Zero;
            return maxAge > age ? maxAge - age : TimeSpan.Zero;
        }
        if (response.Content.Headers.Expires is { } expires)
        {
            var date = response.Headers.Date ?? now;
            return expires > date ? expires - date : TimeSpan.Zero;
        }
        return null;
    }
}
