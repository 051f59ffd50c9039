using System.Collections.Concurrent;
using System.Net;
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
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly Uri _server;
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    public TestTlsRelay(X509Certificate2 certificate, Uri server)
    {
        _certificate = certificate;
        _server = server;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary><c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The server's index, over HTTPS.</summary>
    public Uri IndexUrl => new(BaseUrl, "simple/");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections.Keys);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var connection = RelayAsync(client);
            _connections[connection] = 0;
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stopping.Token);
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
                await upstream.ConnectAsync(_server.Host, _server.Port, _stopping.Token);
                var plain = upstream.GetStream();
                // Whichever side closes first ends the relay; closing both then ends the other copy.
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
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
