using System.Net;

namespace Dataflow.Installer.Download;

/// <summary>The one HttpClient a run shares between index pages and downloads, sized for the download block's width.</summary>
internal static class HttpClients
{
    public static HttpClient Create(int maxConnectionsPerServer)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnectionsPerServer),
            // Index pages are often compressed; downloads ask for identity themselves.
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = true,
        };
        var client = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"dfi/{Environments.VirtualEnvironmentCreator.ToolVersion}");
        return client;
    }
}
