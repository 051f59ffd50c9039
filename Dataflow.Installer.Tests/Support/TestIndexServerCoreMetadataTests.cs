using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataflow.Installer.Index;

namespace Dataflow.Installer.Tests.Support;

/// <summary>PEP 658/714 on the test index: advertised METADATA hashes and the <c>.metadata</c> files themselves.</summary>
public sealed class TestIndexServerCoreMetadataTests : IAsyncLifetime
{
    private const string Wheel = "demo_pkg-1.0-py3-none-any.whl";
    private const string Sdist = "demo_pkg-1.1.tar.gz";

    private readonly TemporaryDirectory _folder = new();
    private readonly HttpClient _http = new();
    private TestIndexServer _server = null!;

    public Task InitializeAsync()
    {
        TestDistributions.WriteWheel(_folder.Path, Wheel, 0, "requests>=2");
        TestDistributions.WriteSdist(_folder.Path, Sdist);
        _server = TestIndexServer.Start(_folder.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _folder.Dispose();
    }

    private string MetadataSha256 => Convert.ToHexStringLower(SHA256.HashData(_server.GetCoreMetadata(Wheel)!));

    [Fact]
    public async Task The_metadata_file_holds_the_wheels_METADATA_bytes()
    {
        _server.ServeCoreMetadata = true;

        var bytes = await _http.GetByteArrayAsync(new Uri(_server.FileUrl(Wheel) + ".metadata"));

        Encoding.UTF8.GetString(bytes).Should().Be("Metadata-Version: 2.1\nName: demo_pkg\nVersion: 1.0\nRequires-Dist: requests>=2\n");
        _server.CountRequests("/files/" + Wheel).Should().Be(0, "the wheel itself was not served");
        _server.CountRequests("/files/" + Wheel + ".metadata").Should().Be(1);
    }

    [Fact]
    public async Task Html_pages_advertise_both_attribute_names_for_wheels_only()
    {
        _server.ServeCoreMetadata = true;
        _server.Format = TestIndexFormat.Html;

        var html = await _http.GetStringAsync(new Uri(_server.IndexUrl, "demo-pkg/"));
        var files = SimpleHtmlParser.Parse(html, new Uri(_server.IndexUrl, "demo-pkg/"), "test");

        html.Should().Contain($"data-core-metadata=\"sha256={MetadataSha256}\"").And.Contain($"data-dist-info-metadata=\"sha256={MetadataSha256}\"");
        files.Single(file => file.Filename == Wheel).CoreMetadataHashes.Should().Equal(new Dictionary<string, string> { ["sha256"] = MetadataSha256 });
        files.Single(file => file.Filename == Sdist).HasCoreMetadata.Should().BeFalse();
    }

    [Fact]
    public async Task Json_pages_advertise_core_metadata_as_a_hash_map()
    {
        _server.ServeCoreMetadata = true;
        _server.Format = TestIndexFormat.Json;

        using var page = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_server.IndexUrl, "demo-pkg/")));

        var files = page.RootElement.GetProperty("files").EnumerateArray().ToDictionary(file => file.GetProperty("filename").GetString()!);
        files[Wheel].GetProperty("core-metadata").GetProperty("sha256").GetString().Should().Be(MetadataSha256);
        files[Sdist].TryGetProperty("core-metadata", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Without_the_option_nothing_is_advertised_and_the_metadata_file_is_not_found()
    {
        var html = await _http.GetStringAsync(new Uri(_server.IndexUrl, "demo-pkg/"));
        using var response = await _http.GetAsync(new Uri(_server.FileUrl(Wheel) + ".metadata"));

        html.Should().NotContain("metadata=");
        ((int)response.StatusCode).Should().Be(404);
    }

    [Fact]
    public async Task A_wrong_index_hash_fault_on_the_metadata_file_advertises_another_hash_but_serves_the_same_bytes()
    {
        _server.ServeCoreMetadata = true;
        _server.Fault[Wheel + ".metadata"] = TestIndexFault.WrongIndexHash;

        var html = await _http.GetStringAsync(new Uri(_server.IndexUrl, "demo-pkg/"));
        var bytes = await _http.GetByteArrayAsync(new Uri(_server.FileUrl(Wheel) + ".metadata"));

        html.Should().Contain("data-core-metadata=\"sha256=").And.NotContain(MetadataSha256);
        bytes.Should().Equal(_server.GetCoreMetadata(Wheel));
    }

    [Fact]
    public async Task An_sdist_has_no_metadata_file()
    {
        _server.ServeCoreMetadata = true;

        using var response = await _http.GetAsync(new Uri(_server.FileUrl(Sdist) + ".metadata"));

        ((int)response.StatusCode).Should().Be(404);
    }
}
