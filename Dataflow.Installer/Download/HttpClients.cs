using System.Net;

namespace Dataflow.Installer.Download;

/// <summary>
/// The one HttpClient a run shares between index pages and downloads, sized for the download block's width and
/// carrying the run's timeout, retries and netrc credentials.
/// </summary>
/// <remarks>
/// Proxies: with <see cref="SocketsHttpHandler.UseProxy"/> on and no <see cref="SocketsHttpHandler.Proxy"/> set,
/// .NET uses <see cref="HttpClient.DefaultProxy"/>, which on Linux and macOS reads <c>HTTP_PROXY</c>,
/// <c>HTTPS_PROXY</c>, <c>ALL_PROXY</c> and <c>NO_PROXY</c> (upper or lower case) — the variables pip honours; pip's
/// <c>--proxy</c> replaces them all, as in pip.
/// Certificates: on Linux .NET verifies servers through OpenSSL with a root store that it loads from
/// <c>SSL_CERT_FILE</c> and <c>SSL_CERT_DIR</c> when they are set, and from OpenSSL's default paths otherwise;
/// nothing here may replace that store (but pip's <c>--cert</c>, which names the only roots to trust; and no custom
/// validation callback, but on the separate handler that
/// <see cref="TrustedHostRouter"/> keeps for pip's <c>--trusted-host</c> servers). Both are tested end to end with a forward
/// proxy and a private CA (ProxyAndCertificateTests); a certificate that is not trusted gets a message saying how
/// to trust one (<see cref="CertificateErrorHandler"/>).
/// </remarks>
internal static class HttpClients
{
    public static HttpClient Create(int maxConnectionsPerServer, NetworkSettings? settings = null)
    {
        settings ??= new NetworkSettings();
        HttpMessageHandler handler = CreateHandler(maxConnectionsPerServer, settings);
        if (settings.TrustedHosts is { } trusted)
        {
            handler = new TrustedHostRouter(handler, () => CreateHandler(maxConnectionsPerServer, settings), trusted);
        }
        var client = new ResilientHttpClient(new CertificateErrorHandler(handler), settings)
        {
            // Each attempt has its own idle timeout (NetworkAttempt); a total one would kill large downloads on slow links.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"dfi/{Environments.VirtualEnvironmentCreator.ToolVersion}");
        return client;
    }

    internal static SocketsHttpHandler CreateHandler(int maxConnectionsPerServer, NetworkSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnectionsPerServer),
            // Index pages are often compressed; downloads ask for identity themselves.
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = true,
        };
        if (settings.Proxy is { } proxy)
        {
            handler.Proxy = proxy;
        }
        if (settings.CertificateAuthorities is { } authorities)
        {
            // --cert replaces the system's roots, as pip's does (requests' verify=PATH): chains must end at one of these.
            var policy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
            {
                TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
                // A policy of one's own checks revocation online by default; the handler's own default (and pip) does not.
                RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(authorities);
            handler.SslOptions.CertificateChainPolicy = policy;
        }
        if (settings.ClientCertificate is { } client)
        {
            // Offered only when a server asks for one (mutual TLS), as requests does with pip's --client-cert.
            handler.SslOptions.ClientCertificates = [client];
        }
        return handler;
    }
}
