using Dataflow.Installer.Index;

namespace Dataflow.Installer.Download;

/// <summary>How a run talks to servers: its timeout, its retries and their pacing, and where credentials come from.</summary>
internal sealed record NetworkSettings
{
    /// <summary>
    /// 30 s, twice pip's 15 s (uv's default too): downloads run 50 wide by default over one link, so a healthy but
    /// congested mirror can go quiet on one connection for longer than pip, fetching one file at a time, ever sees.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Connect timeout, and the longest a request may go without receiving a byte (pip's socket timeout).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Attempts after the first for a transient failure (connection error, timeout, 429, 5xx, truncated body).</summary>
    public int Retries { get; init; } = 3;

    /// <summary>The first backoff delay, doubled on each retry with jitter; tests make it tiny.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest backoff delay the exponential growth reaches.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest a server's <c>Retry-After</c> is honoured; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Credentials for hosts whose URLs carry none.</summary>
    public NetrcFile? Netrc { get; init; }

    /// <summary>
    /// pip's <c>--cert</c>: the certificate authorities (PEM bundle) that alone are trusted for HTTPS, instead of the
    /// system's (and <c>SSL_CERT_FILE</c>'s); null: the system's.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>pip's <c>--proxy</c>: the proxy every request goes through; null: the environment's (<c>HTTP_PROXY</c>, ...).</summary>
    public System.Net.IWebProxy? Proxy { get; init; }

    /// <summary>pip's <c>--client-cert</c>: the certificate, with its private key, shown to a server that asks for one; null: none.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Hosts whose HTTPS certificates are not verified (<c>--trusted-host</c>); null: every certificate is verified.</summary>
    public TrustedHosts? TrustedHosts { get; init; }

    /// <summary>Told of every retry before its delay, e.g. to log it (the URL in it is redacted).</summary>
    public Action<NetworkRetry>? OnRetry { get; init; }
}
