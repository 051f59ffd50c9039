using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// pip's <c>--trusted-host</c> against an HTTPS index whose certificate no trusted authority signed (a private index
/// with its own certificate): on the command line or in the requirements file, by host or by host and port.
/// </summary>
public sealed class TrustedHostTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly string[] SetA = ["alpha==1.0", "beta==1.0"];
    private static readonly Dictionary<string, string> Installed = new() { ["alpha"] = "1.0", ["beta"] = "1.0" };

    // No proxy and no extra authority from the machine: the relay's certificate is unknown to the child.
    private static readonly Dictionary<string, string?> Plain = new()
    {
        ["HTTPS_PROXY"] = "",
        ["https_proxy"] = "",
        ["ALL_PROXY"] = "",
        ["all_proxy"] = "",
        ["SSL_CERT_FILE"] = "",
        ["SSL_CERT_DIR"] = "",
    };

    [Fact]
    public async Task A_trusted_host_on_the_command_line_takes_an_https_index_whose_certificate_is_not_trusted()
    {
        using var certificates = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl);

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", SetA), "-i", relay.IndexUrl.AbsoluteUri, "--trusted-host", "127.0.0.1"], Plain);

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(Installed);
        server.RequestedPaths.Should().Contain("/files/alpha-1.0-py3-none-any.whl", "the download came through the relay too");
    }

    [Fact]
    public async Task A_trusted_host_and_port_in_the_requirements_file_holds_for_its_index()
    {
        using var certificates = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl);
        var requirements = sandbox.WriteRequirements("a.txt", ["--index-url " + relay.IndexUrl.AbsoluteUri, $"--trusted-host 127.0.0.1:{relay.BaseUrl.Port}", .. SetA]);

        var sync = await sandbox.SyncAsync([requirements], Plain);

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(Installed);
    }

    [Fact]
    public async Task A_trusted_host_naming_another_port_leaves_the_index_verified()
    {
        using var certificates = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl);
        var otherPort = relay.BaseUrl.Port == 1 ? 2 : 1;

        var sync = await sandbox.SyncAsync(
            [sandbox.WriteRequirements("a.txt", SetA), "-i", relay.IndexUrl.AbsoluteUri, "--trusted-host", $"127.0.0.1:{otherPort}", "--retries", "0"], Plain);

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("the server's certificate is not trusted");
        server.RequestedPaths.Should().BeEmpty();
        (await sandbox.PipListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_malformed_trusted_host_on_the_command_line_is_a_usage_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();

        var sync = await sandbox.SyncAsync(sandbox.WriteRequirements("a.txt", SetA), "--trusted-host", "https://index.example/");

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain("--trusted-host 'https://index.example/' is not a host or host:port").And.NotContain("   at ");
    }
}
