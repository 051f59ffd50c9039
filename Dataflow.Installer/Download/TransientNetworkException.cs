namespace Dataflow.Installer.Download;

/// <summary>One attempt failed in a way worth retrying: no connection, a timeout, 429, a 5xx, a body cut short.</summary>
/// <param name="reason">What happened, without the URL (the caller names it, redacted): e.g. <c>answered 503 Service Unavailable</c>.</param>
internal sealed class TransientNetworkException(string reason, Exception? inner = null, TimeSpan? retryAfter = null, bool isTimeout = false)
    : Exception(reason, inner)
{
    /// <summary>The delay the server asked for (429/503 <c>Retry-After</c>), if any.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsTimeout { get; } = isTimeout;
}
