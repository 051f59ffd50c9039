using System.Security.Cryptography;
using Dataflow.Installer.Index;

namespace Dataflow.Installer.Tests.Support;

public sealed class TestIndexServerTests : IAsyncLifetime
{
    private const string Wheel = "demo_pkg-1.0-py3-none-any.whl";

    private readonly TemporaryDirectory _folder = new();
    private readonly HttpClient _http = new();
    private TestIndexServer _server = null!;
    private byte[] _wheelBytes = [];

    public Task InitializeAsync()
    {
        _wheelBytes = File.ReadAllBytes(TestDistributions.WriteWheel(_folder.Path, Wheel, payloadBytes: 300_000));
        _server = TestIndexServer.Start(_folder.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("demo_pkg-1.0-py3-none-any.whl", "demo_pkg", "1.0")]
    [InlineData("Foo.Bar-2.0rc1-cp311-cp311-manylinux_2_17_x86_64.whl", "Foo.Bar", "2.0rc1")]
    [InlineData("foo-bar-1.0.tar.gz", "foo-bar", "1.0")]
    [InlineData("foo-bar-2-1.0.post1.zip", "foo-bar-2", "1.0.post1")]
    [InlineData("notes.txt", null, null)]
    public void Project_names_come_from_the_file_name(string filename, string? name, string? version)
    {
        var split = TestIndexEntry.SplitFilename(filename);

        split?.Name.Should().Be(name);
        split?.Version.Should().Be(version);
        (split is null).Should().Be(name is null);
    }

    [Fact]
    public async Task Files_are_served_whole_with_their_length()
    {
        using var response = await _http.GetAsync(_server.FileUrl(Wheel));

        response.Content.Headers.ContentLength.Should().Be(_wheelBytes.Length);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(_wheelBytes);
        _server.CountRequests("/files/" + Wheel).Should().Be(1);
    }

    [Fact]
    public async Task The_project_list_names_every_project_once()
    {
        TestDistributions.WriteSdist(_folder.Path, "Demo.Pkg-1.1.tar.gz");
        TestDistributions.WriteWheel(_folder.Path, "other-1.0-py3-none-any.whl");

        var html = await _http.GetStringAsync(_server.IndexUrl);

        html.Split("<a ").Should().HaveCount(3);
        html.Should().Contain("demo-pkg/").And.Contain("other/");
    }

    [Fact]
    public async Task A_corrupt_body_has_the_same_length_but_other_bytes()
    {
        _server.Fault[Wheel] = TestIndexFault.CorruptBody;

        var bytes = await _http.GetByteArrayAsync(_server.FileUrl(Wheel));

        bytes.Should().HaveCount(_wheelBytes.Length);
        SHA256.HashData(bytes).Should().NotEqual(SHA256.HashData(_wheelBytes));
    }

    [Fact]
    public async Task A_wrong_index_hash_is_advertised_while_the_bytes_stay_right()
    {
        _server.Fault[Wheel] = TestIndexFault.WrongIndexHash;

        var file = (await new SimpleIndexClient(_http).GetProjectFilesAsync(
            _server.IndexUrl, Dataflow.Installer.Standards.PackageName.Parse("demo-pkg"), CancellationToken.None))!.Single();

        file.Hashes["sha256"].Should().NotBe(Convert.ToHexStringLower(SHA256.HashData(_wheelBytes)));
        (await _http.GetByteArrayAsync(file.Url)).Should().Equal(_wheelBytes);
    }

    [Theory]
    [InlineData(TestIndexFault.NotFound, 404)]
    [InlineData(TestIndexFault.ServerError, 500)]
    public async Task Status_faults_answer_their_status(TestIndexFault fault, int status)
    {
        _server.Fault[Wheel] = fault;

        using var response = await _http.GetAsync(_server.FileUrl(Wheel));

        ((int)response.StatusCode).Should().Be(status);
    }

    [Fact]
    public async Task A_truncated_body_fails_the_download()
    {
        _server.Fault[Wheel] = TestIndexFault.TruncatedBody;

        var act = () => _http.GetByteArrayAsync(_server.FileUrl(Wheel));

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task A_slow_body_stalls_after_half_until_released()
    {
        _server.Fault[Wheel] = TestIndexFault.SlowBody;
        using var response = await _http.GetAsync(_server.FileUrl(Wheel), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (received.Length < _wheelBytes.Length / 2)
        {
            received.Write(buffer, 0, await body.ReadAsync(buffer));
        }
        var rest = body.CopyToAsync(received);
        rest.IsCompleted.Should().BeFalse();

        _server.ReleaseSlowBodies();
        await rest.WaitAsync(TimeSpan.FromSeconds(30));

        received.ToArray().Should().Equal(_wheelBytes);
    }

    [Fact]
    public async Task Many_downloads_are_served_at_once()
    {
        _server.Fault[Wheel] = TestIndexFault.SlowBody;
        // Every download stalls at half, so all twenty must be in flight together before any can finish.
        var downloads = Enumerable.Range(0, 20).Select(_ => _http.GetByteArrayAsync(_server.FileUrl(Wheel))).ToList();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _server.WaitForRequestsAsync(Wheel, 20, deadline.Token);

        _server.ReleaseSlowBodies();
        var results = await Task.WhenAll(downloads).WaitAsync(TimeSpan.FromSeconds(60));

        results.Should().AllSatisfy(bytes => bytes.Should().Equal(_wheelBytes));
        _server.UnexpectedErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task Stopping_aborts_a_download_in_flight_and_refuses_new_ones()
    {
        _server.Fault[Wheel] = TestIndexFault.SlowBody;
        var download = _http.GetByteArrayAsync(_server.FileUrl(Wheel));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _server.WaitForRequestsAsync(Wheel, 1, deadline.Token);

        await _server.StopAsync();

        await download.Awaiting(task => task).Should().ThrowAsync<HttpRequestException>();
        await _http.Awaiting(http => http.GetAsync(_server.IndexUrl)).Should().ThrowAsync<HttpRequestException>();
    }
}
