using Dataflow.Installer.Download;

namespace Dataflow.Installer.Tests.Download;

public sealed class TrustedHostsTests
{
    [Theory]
    [InlineData("index.example", "index.example", null)]
    [InlineData("Index.EXAMPLE:8443", "index.example", 8443)]
    [InlineData("index.example:443", "index.example", 443)]
    [InlineData("10.0.0.7", "10.0.0.7", null)]
    [InlineData("[::1]:8443", "::1", 8443)]
    public void Parse_reads_a_host_and_the_port_it_names(string value, string host, int? port)
    {
        TrustedHost.Parse(value).Should().Be(new TrustedHost(host, port));
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://index.example")]
    [InlineData("index.example/simple")]
    [InlineData("user@index.example")]
    [InlineData("index.example:http")]
    [InlineData("two words")]
    public void Parse_refuses_what_is_not_a_host_or_host_and_port(string value)
    {
        var parse = () => TrustedHost.Parse(value);

        parse.Should().Throw<FormatException>().WithMessage($"--trusted-host '{value}' is not a host or host:port");
    }

    [Fact]
    public void A_host_without_a_port_covers_every_port_and_a_host_with_one_only_that_port()
    {
        var trusted = new TrustedHosts();
        trusted.Add("any-port.example");
        trusted.Add("one-port.example:8443");

        trusted.Covers(new Uri("https://ANY-PORT.example/simple/")).Should().BeTrue();
        trusted.Covers(new Uri("https://any-port.example:9000/simple/")).Should().BeTrue();
        trusted.Covers(new Uri("https://one-port.example:8443/simple/")).Should().BeTrue();
        trusted.Covers(new Uri("https://one-port.example/simple/")).Should().BeFalse("443 is not the port it names");
        trusted.Covers(new Uri("https://other.example/simple/")).Should().BeFalse();
        trusted.CoversHost("one-port.example").Should().BeTrue("a TLS connection knows its host only");
        trusted.CoversHost("[::1]").Should().BeFalse();
    }

    [Fact]
    public void An_empty_set_covers_nothing()
    {
        var trusted = new TrustedHosts();

        trusted.IsEmpty.Should().BeTrue();
        trusted.Covers(new Uri("https://127.0.0.1/")).Should().BeFalse();
        trusted.CoversHost("127.0.0.1").Should().BeFalse();
    }
}
