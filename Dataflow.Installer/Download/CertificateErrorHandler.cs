using System.Security.Authentication;

namespace Dataflow.Installer.Download;

/// <summary>
/// Turns a TLS failure's "The SSL connection could not be established, see inner exception." into the reason itself,
/// and for an untrusted certificate says how to trust a private authority (the variables OpenSSL's users know, and pip's
/// --cert and --trusted-host, which dfi takes too).
/// </summary>
internal sealed class CertificateErrorHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string TrustHint =
        "if the server's certificate comes from a private certificate authority, name that authority's certificate with SSL_CERT_FILE (a PEM file) or SSL_CERT_DIR (a folder of them), "
        + "which add to the system's authorities, or with --cert FILE, which replaces them; --trusted-host HOST skips the check for that host";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.SecureConnectionError
            && exception.InnerException is AuthenticationException reason)
        {
            var message = reason.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase)
                ? $"the server's certificate is not trusted ({reason.Message.TrimEnd('.')}); {TrustHint}."
                : $"the TLS handshake failed: {reason.Message}";
            // The same error kind, so that the retry policy still knows it is permanent.
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, message, exception, exception.StatusCode);
        }
    }
}
