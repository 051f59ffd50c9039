using Dataflow.Installer.Download;

namespace Dataflow.Installer.Tests.Download;

public sealed class HttpClientsTests
{
    [Fact]
    public void The_handler_uses_the_environments_proxy_and_the_timeout_to_connect()
    {
        var settings = new NetworkSettings { Timeout = TimeSpan.FromSeconds(7) };

        using var handler = HttpClients.CreateHandler(8, settings);

        // No Proxy of our own: .NET's default proxy is the one read from HTTP(S)_PROXY / NO_PROXY.
        handler.UseProxy.Should().BeTrue();
        handler.Proxy.Should().BeNull();
        handler.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(7));
        handler.SslOptions.RemoteCertificateValidationCallback.Should().BeNull("the OpenSSL root store (SSL_CERT_FILE, SSL_CERT_DIR) decides");
    }

    [Fact]
    public void The_runs_client_carries_its_settings_and_has_no_total_timeout()
    {
        var settings = new NetworkSettings { Retries = 5 };

        using var client = HttpClients.Create(4, settings);

        NetworkResilience.For(client).Settings.Should().BeSameAs(settings);
        client.Timeout.Should().Be(Timeout.InfiniteTimeSpan, "a large download on a slow link may take longer than any fixed total");
    }

    [Fact]
    public void A_plain_client_gets_no_retries_and_its_own_timeout()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };

        var settings = NetworkResilience.For(client).Settings;

        settings.Retries.Should().Be(0);
        settings.Timeout.Should().Be(TimeSpan.FromSeconds(3));
    }
}
