namespace Dataflow.Installer.Download;

/// <summary>An HttpClient that carries the run's <see cref="NetworkResilience"/>, so every fetcher given it retries alike.</summary>
internal sealed class ResilientHttpClient(HttpMessageHandler handler, NetworkSettings settings) : HttpClient(handler, disposeHandler: true)
{
    public NetworkResilience Resilience { get; } = new(settings);
}
