using System.Net.Security;

namespace Dataflow.Installer.Download;

/// <summary>
/// Sends HTTPS requests for a <see cref="TrustedHosts"/> entry through a handler that accepts their certificates
/// unverified, and everything else through the run's normal handler, whose verification stays untouched.
/// </summary>
/// <remarks>
/// The unverifying handler is made on the first trusted request. It still verifies any other host it reaches (a
/// redirect from a trusted index to a CDN): its callback waives errors only for a connection to a trusted host.
/// </remarks>
internal sealed class TrustedHostRouter : HttpMessageHandler
{
    private readonly HttpMessageInvoker _verified;
    private readonly Lazy<HttpMessageInvoker> _unverified;
    private readonly TrustedHosts _trusted;

    public TrustedHostRouter(HttpMessageHandler verified, Func<SocketsHttpHandler> createUnverified, TrustedHosts trusted)
    {
        _trusted = trusted;
        _verified = new HttpMessageInvoker(verified, disposeHandler: true);
        _unverified = new Lazy<HttpMessageInvoker>(() =>
        {
            var handler = createUnverified();
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                errors == SslPolicyErrors.None || (sender is SslStream stream && trusted.CoversHost(stream.TargetHostName));
            return new HttpMessageInvoker(handler, disposeHandler: true);
        });
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.RequestUri is { Scheme: "https" } uri && _trusted.Covers(uri)
            ? _unverified.Value.SendAsync(request, cancellationToken)
            : _verified.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _verified.Dispose();
            if (_unverified.IsValueCreated)
            {
                _unverified.Value.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
