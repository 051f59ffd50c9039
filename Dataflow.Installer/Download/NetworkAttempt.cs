using System.Buffers;
using System.Net;

namespace Dataflow.Installer.Download;

/// <summary>
/// One try at one request: sends it and reads its body under an idle timer that every arriving chunk restarts,
/// turning timeouts, broken connections, 429, 5xx and short bodies into <see cref="TransientNetworkException"/>.
/// </summary>
internal sealed class NetworkAttempt : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private readonly CancellationTokenSource _idle;
    private readonly TimeSpan _timeout;

    public NetworkAttempt(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _timeout = timeout;
        CancellationToken = cancellationToken;
        _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _idle.CancelAfter(timeout);
    }

    /// <summary>The caller's token: cancelling it is a cancellation, never a timeout, and is not retried.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Sends <paramref name="request"/> and returns once the headers are in. 429 and 5xx throw a transient error (with
    /// the server's Retry-After); any other status, 404 and 401 included, is the caller's to judge.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!CancellationToken.IsCancellationRequested)
        {
            // Our idle timer, SocketsHttpHandler.ConnectTimeout or HttpClient.Timeout: all arrive as cancellations.
            throw TimedOut(exception);
        }
        catch (HttpRequestException exception) when (IsTransient(exception))
        {
            throw new TransientNetworkException($"could not be fetched: {exception.Message}", exception);
        }
        _idle.CancelAfter(_timeout);
        if (IsTransient(response.StatusCode))
        {
            var retryAfter = RetryAfter(response);
            var status = $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
            response.Dispose();
            throw new TransientNetworkException(status, retryAfter: retryAfter);
        }
        return response;
    }

    /// <summary>
    /// Copies the body into <paramref name="destination"/>, feeding <paramref name="hasher"/> on the way; a body that
    /// stalls, breaks off or ends before its Content-Length is a transient error. Returns the bytes copied.
    /// </summary>
    public async Task<long> CopyBodyAsync(HttpResponseMessage response, Stream destination, StreamingHasher? hasher = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(_idle.Token).ConfigureAwait(false);
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), _idle.Token).ConfigureAwait(false);
                }
                catch (IOException exception)
                {
                    // Only reads are the network's; a write's IOException (a full disk) is not retried.
                    throw new TransientNetworkException($"broke off after {size} bytes: {exception.Message}", exception);
                }
                if (read == 0)
                {
                    break;
                }
                _idle.CancelAfter(_timeout);
                hasher?.Append(buffer.AsSpan(0, read));
                await destination.WriteAsync(buffer.AsMemory(0, read), CancellationToken).ConfigureAwait(false);
                size += read;
            }
        }
        catch (OperationCanceledException exception) when (!CancellationToken.IsCancellationRequested)
        {
            throw TimedOut(exception);
        }
        catch (HttpRequestException exception) when (IsTransient(exception))
        {
            throw new TransientNetworkException($"could not be fetched: {exception.Message}", exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (response.Content.Headers.ContentLength is { } length && size < length)
        {
            throw new TransientNetworkException($"ended after {size} of {length} bytes");
        }
        return size;
    }

    public void Dispose() => _idle.Dispose();

    private TransientNetworkException TimedOut(Exception inner) =>
        new($"timed out: nothing arrived for {_timeout.TotalSeconds:0.###} s", inner, isTimeout: true);

    // 501 and 505 say the server will never do it; every other 5xx may pass, and 408/429 ask to come back later.
    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    // Certificate, authentication and configuration failures are the same on every attempt.
    private static bool IsTransient(HttpRequestException exception) =>
        exception.HttpRequestError is not (HttpRequestError.SecureConnectionError or HttpRequestError.UserAuthenticationError
            or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.VersionNegotiationError);

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }
        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }
        if (retryAfter.Date is { } date)
        {
            var wait = date - (response.Headers.Date ?? DateTimeOffset.UtcNow);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
