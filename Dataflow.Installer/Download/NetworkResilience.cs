using Dataflow.Installer.Index;
using Polly;
using Polly.Retry;

namespace Dataflow.Installer.Download;

/// <summary>
/// The one retry strategy of a run (Polly: exponential backoff with jitter, Retry-After honoured up to a cap),
/// shared by index pages and downloads; each attempt runs under its own idle timeout.
/// </summary>
internal sealed class NetworkResilience
{
    private static readonly ResiliencePropertyKey<string> ShownUrl = new("dfi.url");

    // Built on the first request: a warm or no-op sync makes its client but never sends anything, and Polly's builder
    // was a tenth of a warm sync's start-up allocations.
    private readonly Lazy<ResiliencePipeline> _pipeline;

    public NetworkResilience(NetworkSettings settings)
    {
        if (settings.Timeout <= TimeSpan.Zero || settings.Retries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "The timeout must be positive and the retries 0 or more.");
        }
        Settings = settings;
        _pipeline = new Lazy<ResiliencePipeline>(() => settings.Retries == 0 ? ResiliencePipeline.Empty : Build(settings));
    }

    public NetworkSettings Settings { get; }

    /// <summary>
    /// The client's own strategy when it came from <see cref="HttpClients.Create"/>; any other client gets no retries
    /// and its own <see cref="HttpClient.Timeout"/> as the idle timeout, so that code given a plain client behaves as before.
    /// </summary>
    public static NetworkResilience For(HttpClient client) => client is ResilientHttpClient resilient
        ? resilient.Resilience
        : new NetworkResilience(new NetworkSettings
        {
            Timeout = client.Timeout == Timeout.InfiniteTimeSpan ? NetworkSettings.DefaultTimeout : client.Timeout,
            Retries = 0,
        });

    /// <summary>A GET request for <paramref name="url"/>, authenticated by its user info or else by netrc.</summary>
    public HttpRequestMessage CreateGetRequest(Uri url) => UrlCredentials.CreateGetRequest(url, Settings.Netrc);

    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds, fails permanently or runs out of retries. When the last
    /// attempt failed transiently the result is a <see cref="NetworkException"/>; anything else is thrown as it was.
    /// </summary>
    /// <param name="shownUrl">The redacted URL, for the retry notices.</param>
    public async Task<T> ExecuteAsync<T>(string shownUrl, Func<NetworkAttempt, Task<T>> operation, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ShownUrl, shownUrl);
        var attempts = 0;
        try
        {
            return await _pipeline.Value.ExecuteAsync(
                async resilienceContext =>
                {
                    attempts++;
                    using var attempt = new NetworkAttempt(Settings.Timeout, resilienceContext.CancellationToken);
                    return await operation(attempt).ConfigureAwait(false);
                },
                context).ConfigureAwait(false);
        }
        catch (TransientNetworkException exception)
        {
            var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
            throw new NetworkException($"{exception.Message} ({tries})", attempts, exception.IsTimeout, exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ResiliencePipeline Build(NetworkSettings settings) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = settings.Retries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.BaseDelay,
            MaxDelay = settings.MaxDelay,
            ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception switch
            {
                TransientNetworkException => true,
                // A complete body that fails its hash may be a broken mirror node; once more, then it is tampering.
                HashMismatchException mismatch => mismatch.IsFirst,
                _ => false,
            }),
            DelayGenerator = arguments => ValueTask.FromResult(
                arguments.Outcome.Exception is TransientNetworkException { RetryAfter: { } retryAfter }
                    ? retryAfter < settings.MaxRetryAfter ? retryAfter : settings.MaxRetryAfter
                    : (TimeSpan?)null),
            OnRetry = arguments =>
            {
                if (settings.OnRetry is { } onRetry)
                {
                    var url = arguments.Context.Properties.GetValue(ShownUrl, "");
                    var reason = arguments.Outcome.Exception?.Message ?? "failed";
                    onRetry(new NetworkRetry(url, reason, arguments.AttemptNumber + 1, settings.Retries, arguments.RetryDelay));
                }
                return ValueTask.CompletedTask;
            },
        })
        .Build();
}
