using System.Net;

namespace Dataflow.Installer.Index;

/// <summary>GETs one index or find-links page, authenticating from URL credentials and turning failures into <see cref="IndexException"/>.</summary>
internal sealed class IndexPageFetcher(HttpClient httpClient)
{
    /// <summary>The page, or null when the server answers 404; credentials never appear in the errors.</summary>
    public async Task<FetchedPage?> GetAsync(Uri url, string accept, CancellationToken cancellationToken)
    {
        var shownUrl = UrlRedactor.Redact(url);
        using var request = UrlCredentials.CreateGetRequest(url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        try
        {
            // Buffering the whole page (ResponseContentRead) keeps HttpClient.Timeout in force while the body arrives.
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
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
            return new FetchedPage(finalUrl, response.Content.Headers.ContentType?.MediaType, body);
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
}
