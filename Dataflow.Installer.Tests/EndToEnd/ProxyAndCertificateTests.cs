using System.Text.RegularExpressions;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// Issue 6: the standard proxy variables and a private CA given by <c>SSL_CERT_FILE</c> or <c>SSL_CERT_DIR</c> work
/// for a real <c>dfi sync</c>, and a proxy's credentials never show.
/// </summary>
public sealed class ProxyAndCertificateTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    // A name no resolver knows (RFC 2606): only the proxy can reach it, and .NET never bypasses a proxy for it as it may for loopback.
    private const string HiddenHost = "dfi-test-index.invalid";
    private const string ProxyPassword = "pr0xy-s3cret-7f3a";
    private static readonly string[] SetA = ["alpha==1.0", "beta==1.0"];

    [Fact]
    public async Task A_sync_goes_through_the_proxy_in_HTTP_PROXY_to_an_index_only_the_proxy_can_reach()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var proxy = new TestForwardProxy(new Dictionary<string, Uri> { [HiddenHost] = server.BaseUrl }, ("dfi-user", ProxyPassword));
        var requirements = sandbox.WriteRequirements("a.txt", SetA);

        var sync = await sandbox.SyncAsync([requirements, "-i", $"http://{HiddenHost}/simple/", "-vv"], Environment(("HTTP_PROXY", proxy.Url)));

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        proxy.Log.Should().Contain($"GET http://{HiddenHost}/simple/alpha/ forwarded")
            .And.Contain(line => line.StartsWith($"GET http://{HiddenHost}/files/alpha-1.0-py3-none-any.whl", StringComparison.Ordinal) && line.EndsWith(" forwarded", StringComparison.Ordinal));
        (sync.Stdout + sync.Stderr).Should().NotContain(ProxyPassword, "a proxy's credentials are never logged, even with -vv");
        server.RequestedPaths.Should().Contain("/simple/alpha/", "the proxy forwarded to the real server");
    }

    [Fact]
    public async Task Proxy_on_the_command_line_replaces_HTTP_PROXY_takes_its_credentials_and_a_bad_one_is_a_usage_error_that_hides_them()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var proxy = new TestForwardProxy(new Dictionary<string, Uri> { [HiddenHost] = server.BaseUrl }, ("dfi-user", ProxyPassword));
        var requirements = sandbox.WriteRequirements("a.txt", SetA);
        // HTTP_PROXY names a port where nothing listens: only --proxy can reach the index.
        var environment = Environment(("HTTP_PROXY", "http://127.0.0.1:9"));
        string[] index = ["-i", $"http://{HiddenHost}/simple/", "--trusted-host", HiddenHost];

        var sync = await sandbox.SyncAsync([requirements, .. index, "--proxy", proxy.Url, "-vv"], environment);
        var withoutScheme = await sandbox.SyncAsync([requirements, .. index, "--proxy", proxy.Url["http://".Length..], "--reinstall"], environment);
        var bad = await sandbox.SyncAsync([requirements, .. index, "--proxy", $"ftp://dfi-user:{ProxyPassword}@127.0.0.1:{proxy.Port}"], environment);

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        proxy.Log.Should().Contain($"GET http://{HiddenHost}/simple/alpha/ forwarded");
        (sync.Stdout + sync.Stderr).Should().NotContain(ProxyPassword, "a proxy's credentials are never logged, even with -vv");
        withoutScheme.ShouldSucceed();
        bad.ExitCode.Should().Be(2, bad.ToString());
        bad.Stderr.Should().Contain("--proxy").And.NotContain(ProxyPassword);
    }

    [Fact]
    public async Task A_plain_http_index_on_another_machine_is_used_with_a_warning_that_trusted_host_silences()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var proxy = new TestForwardProxy(new Dictionary<string, Uri> { [HiddenHost] = server.BaseUrl }, ("dfi-user", ProxyPassword));
        var requirements = sandbox.WriteRequirements("a.txt", SetA);
        var environment = Environment(("HTTP_PROXY", proxy.Url));

        var warned = await sandbox.SyncAsync([requirements, "-i", $"http://{HiddenHost}/simple/", "--reinstall"], environment);
        var trusted = await sandbox.SyncAsync([requirements, "-i", $"http://{HiddenHost}/simple/", "--reinstall", "--trusted-host", HiddenHost], environment);
        var local = await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri, "--reinstall"], Environment());

        warned.ShouldSucceed().Stderr.Should().Contain($"http://{HiddenHost}/simple/ is plain HTTP").And.Contain($"--trusted-host {HiddenHost}");
        Regex.Count(warned.Stderr, "is plain HTTP").Should().Be(1, "once per host and run");
        trusted.ShouldSucceed().Stderr.Should().NotContain("plain HTTP");
        local.ShouldSucceed().Stderr.Should().NotContain("plain HTTP", "the loopback address is this machine");
    }

    [Fact]
    public async Task Without_the_proxy_the_index_only_the_proxy_can_reach_is_a_clear_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", SetA), "-i", $"http://{HiddenHost}/simple/", "--retries", "0"], Environment());

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain(HiddenHost).And.NotContain("   at ");
    }

    [Fact]
    public async Task An_https_index_signed_by_an_unknown_authority_fails_with_a_certificate_error()
    {
        using var certificates = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl);

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", SetA), "-i", relay.IndexUrl.AbsoluteUri], Environment());

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("the server's certificate is not trusted").And.Contain("SSL_CERT_FILE").And.NotContain("   at ")
            .And.Contain("--cert FILE").And.Contain("--trusted-host HOST", "both of pip's ways are named too");
        server.RequestedPaths.Should().BeEmpty("nothing is sent to a server that is not trusted");
        (await sandbox.PipListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_https_index_signed_by_the_authority_in_SSL_CERT_FILE_is_trusted()
    {
        using var certificates = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl);
        var authority = certificates.WriteAuthorityPem(sandbox.Combine("ca.pem"));

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", SetA), "-i", relay.IndexUrl.AbsoluteUri], Environment(("SSL_CERT_FILE", authority)));

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        server.RequestedPaths.Should().Contain("/files/alpha-1.0-py3-none-any.whl", "the download came over HTTPS through the relay too");
    }

    [Fact]
    public async Task Cert_names_the_only_authorities_trusted_as_pips_does_and_a_bad_bundle_is_a_usage_error()
    {
        using var certificates = TestCertificates.Create();
        using var another = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl);
        var authority = certificates.WriteAuthorityPem(sandbox.Combine("ca.pem"));
        var otherAuthority = another.WriteAuthorityPem(sandbox.Combine("other-ca.pem"));
        var requirements = sandbox.WriteRequirements("a.txt", SetA);

        var trusted = await sandbox.SyncAsync([requirements, "-i", relay.IndexUrl.AbsoluteUri, "--cert", authority], Environment());
        var replaced = await sandbox.SyncAsync(
            [requirements, "-i", relay.IndexUrl.AbsoluteUri, "--cert", otherAuthority, "--reinstall", "--retries", "0"], Environment(("SSL_CERT_FILE", authority)));
        var missing = await sandbox.SyncAsync([requirements, "-i", relay.IndexUrl.AbsoluteUri, "--cert", sandbox.Combine("nowhere.pem")], Environment());

        trusted.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        replaced.ExitCode.Should().Be(1, "--cert replaces the system's roots and SSL_CERT_FILE's: " + replaced);
        replaced.Stderr.Should().Contain("the server's certificate is not trusted");
        missing.ExitCode.Should().Be(2, missing.ToString());
        missing.Stderr.Should().Contain("--cert " + sandbox.Combine("nowhere.pem"));
    }

    [Fact]
    public async Task Client_cert_is_shown_to_an_index_behind_mutual_tls_as_pips_is_and_a_file_without_its_key_is_a_usage_error()
    {
        using var certificates = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl, clientAuthority: certificates.Authority);
        var authority = certificates.WriteAuthorityPem(sandbox.Combine("ca.pem"));
        var client = certificates.WriteClientPem(sandbox.Combine("client.pem"));
        var keyless = certificates.WriteAuthorityPem(sandbox.Combine("keyless.pem"));
        var requirements = sandbox.WriteRequirements("a.txt", SetA);

        var refused = await sandbox.SyncAsync([requirements, "-i", relay.IndexUrl.AbsoluteUri, "--cert", authority, "--retries", "0"], Environment());
        var refusedClients = relay.ClientsRefused;
        var shown = await sandbox.SyncAsync([requirements, "-i", relay.IndexUrl.AbsoluteUri, "--cert", authority, "--client-cert", client], Environment());
        var withoutKey = await sandbox.SyncAsync(
            [requirements, "-i", relay.IndexUrl.AbsoluteUri, "--cert", authority, "--client-cert", keyless, "--reinstall"], Environment());

        refused.ExitCode.Should().Be(1, "the server asks for a client certificate and gets none: " + refused);
        refused.Stderr.Should().Contain(relay.BaseUrl.Authority, "the failed request is named");
        refusedClients.Should().BeGreaterThan(0, "the relay refused the connection, not something else");
        shown.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        server.RequestedPaths.Should().Contain("/files/alpha-1.0-py3-none-any.whl", "the download came through the mutual-TLS relay");
        relay.ClientsRefused.Should().Be(refusedClients, "every connection of the second sync showed the client certificate");
        withoutKey.ExitCode.Should().Be(2, withoutKey.ToString());
        withoutKey.Stderr.Should().Contain("--client-cert " + keyless);
    }

    [Fact]
    public async Task An_https_index_signed_by_an_authority_in_SSL_CERT_DIR_under_its_hash_name_is_trusted()
    {
        using var certificates = TestCertificates.Create();
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await using var relay = new TestTlsRelay(certificates.Server, server.BaseUrl);
        var folder = Directory.CreateDirectory(sandbox.Combine("certs")).FullName;
        var pem = certificates.WriteAuthorityPem(sandbox.Combine("ca.pem"));
        // OpenSSL's c_rehash naming: the subject's hash, then ".0".
        var hash = (await ChildProcess.RunAsync("openssl", ["x509", "-hash", "-noout", "-in", pem])).ShouldSucceed().Stdout.Trim();
        File.Move(pem, Path.Combine(folder, hash + ".0"));

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", SetA), "-i", relay.IndexUrl.AbsoluteUri], Environment(("SSL_CERT_DIR", folder)));

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
    }

    /// <summary>The child's network variables: every proxy and certificate variable cleared, then <paramref name="set"/>.</summary>
    private static Dictionary<string, string?> Environment(params (string Name, string Value)[] set)
    {
        var environment = new Dictionary<string, string?>();
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR" })
        {
            environment[name] = "";
            environment[name.ToLowerInvariant()] = "";
        }
        foreach (var (name, value) in set)
        {
            environment[name] = value;
        }
        return environment;
    }
}
