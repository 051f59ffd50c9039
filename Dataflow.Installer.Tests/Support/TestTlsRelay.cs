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
    private readonly X509Certificate2? _clientAuthority;
    private readonly LoopbackTcpServer _listener;
    private int _clientsRefused;

    /// <param name="certificate">The server's certificate, with its key.</param>
    /// <param name="server">The plain-HTTP server relayed to.</param>
    /// <param name="clientAuthority">When given, mutual TLS: a client must show a certificate this authority signed.</param>
    public TestTlsRelay(X509Certificate2 certificate, Uri server, X509Certificate2? clientAuthority = null)
    {
        _certificate = certificate;
        _server = server;
        _clientAuthority = clientAuthority;
        _listener = new LoopbackTcpServer(RelayAsync);
    }

    /// <summary>How many connections were refused for want of a client certificate the authority signed.</summary>
    public int ClientsRefused => Volatile.Read(ref _clientsRefused);

    /// <summary><c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl => new($"https://127.0.0.1:{_listener.Port}/");

    /// <summary>The server's index, over HTTPS.</summary>
    public Uri IndexUrl => new(BaseUrl, "simple/");

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private bool IsSignedByClientAuthority(X509Certificate? client)
    {
        var signed = false;
        if (client is not null)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(client.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(_clientAuthority!);
            signed = chain.Build(certificate);
        }
        if (!signed)
        {
            Interlocked.Increment(ref _clientsRefused);
        }
        return signed;
    }

    private async Task RelayAsync(TcpClient client, CancellationToken stopping)
    {
        using (client)
        {
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = _clientAuthority is not null,
                    RemoteCertificateValidationCallback = _clientAuthority is null ? null : (_, client, _, _) => IsSignedByClientAuthority(client),
                }, stopping);
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
