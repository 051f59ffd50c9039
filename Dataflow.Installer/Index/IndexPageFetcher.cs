using System.Net;
using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Index;

/// <summary>
/// GETs one index or find-links page, authenticating from URL credentials and turning failures into
/// <see cref="IndexException"/>; with a <see cref="PageCache"/>, fresh pages come from the cache and stale
/// ones are revalidated with their ETag / Last-Modified.
/// </summary>
internal sealed class IndexPageFetcher(HttpClient httpClient, PageCache? cache = null, PageCachePolicy policy = PageCachePolicy.Default)
{
    /// <summary>The page, or null when the server answers 404; credentials never appear in the errors.</summary>
    public async Task<FetchedPage?> GetAsync(Uri url, string accept, CancellationToken cancellationToken)
    {
        var shownUrl = UrlRedactor.Redact(url);
        var cached = cache?.TryGet(url, accept);
        var now = cache?.Clock.GetUtcNow() ?? DateTimeOffset.UtcNow;
        if (cached is not null && (policy == PageCachePolicy.Offline || (policy == PageCachePolicy.Default && cached.IsFresh(now))))
        {
            return ToPage(cached);
        }
        if (policy == PageCachePolicy.Offline)
        {
            throw new IndexException($"{shownUrl} is not in the cache, and --offline forbids fetching it.");
        }

        using var request = UrlCredentials.CreateGetRequest(url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (cached?.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }
        if (cached?.LastModified is { } lastModified)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }
        try
        {
            // Buffering the whole page (ResponseContentRead) keeps HttpClient.Timeout in force while the body arrives.
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
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
                var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? " Check the credentials in the index URL."
                    : "";
                throw new IndexException(
                    $"{shownUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}.{hint}");
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
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
        catch (HttpRequestException exception)
        {
            throw new IndexException($"Could not read {shownUrl}: {exception.Message}", exception);
        }
        catch (IOException exception)
        {
            throw new IndexException($"Could not read {shownUrl}: {exception.Message}", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its timeout as a cancellation, which a Dataflow block would silently swallow.
            throw new IndexException($"Timed out reading {shownUrl}.", exception);
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
