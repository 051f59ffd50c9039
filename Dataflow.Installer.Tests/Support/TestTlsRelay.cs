using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Dataflow.Installer.Tests.Support;

/// <summary>
/// HTTPS in front of a plain-HTTP test server: accepts TLS on 127.0.0.1 with the given certificate and relays the
/// decrypted bytes both ways to the server, so the server's behaviour is served over HTTPS unchanged.
/// </summary>
internal sealed class TestTlsRelay : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly Uri _server;
    private readonly LoopbackTcpServer _listener;

    public TestTlsRelay(X509Certificate2 certificate, Uri server)
    {
        _certificate = certificate;
        _server = server;
        _listener = new LoopbackTcpServer(RelayAsync);
    }

    /// <summary><c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl => new($"https://127.0.0.1:{_listener.Port}/");

    /// <summary>The server's index, over HTTPS.</summary>
    public Uri IndexUrl => new(BaseUrl, "simple/");

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task RelayAsync(TcpClient client, CancellationToken stopping)
    {
        using (client)
        {
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, stopping);
            }
            catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client refused the certificate (or went away) during the handshake.
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(_server.Host, _server.Port, stopping);
                var plain = upstream.GetStream();
                // Whichever side closes first ends the relay; closing both then ends the other copy.
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                var toServer = tls.CopyToAsync(plain, ended.Token);
                var toClient = plain.CopyToAsync(tls, ended.Token);
                await Task.WhenAny(toServer, toClient);
                await ended.CancelAsync();
                upstream.Close();
                client.Close();
                await Task.WhenAll(toServer, toClient).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
