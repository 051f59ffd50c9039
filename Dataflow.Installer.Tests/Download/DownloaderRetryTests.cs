using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Download;
using Dataflow.Installer.Index;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Download;

/// <summary>Downloads through the run's client against a fault-injecting index: what is retried, how often, and what is reported.</summary>
public sealed class DownloaderRetryTests : IAsyncLifetime
{
    private const string Filename = "alpha-1.0-py3-none-any.whl";
    private const string Secret = "n3trc-s3cr3t";

    private readonly TemporaryDirectory _served = new();
    private readonly TemporaryDirectory _scratch = new();
    private readonly byte[] _content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251)).ToArray();
    private readonly ConcurrentQueue<NetworkRetry> _retries = new();
    private TestIndexServer _server = null!;

    private string Sha256 => Convert.ToHexStringLower(SHA256.HashData(_content));

    private string Path => "/files/" + Filename;

    private ExpectedHashes FromIndex => new(new Dictionary<string, string> { ["sha256"] = Sha256 }, []);

    public Task InitializeAsync()
    {
        File.WriteAllBytes(_served.Combine(Filename), _content);
        _server = TestIndexServer.Start(_served.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _served.Dispose();
        _scratch.Dispose();
    }

    // Generous timeout so a loaded machine never fails a test that is not about timeouts; tiny delays keep retries fast.
    private NetworkSettings Settings(int retries = 3, TimeSpan? timeout = null, NetrcFile? netrc = null) => new()
    {
        Retries = retries,
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        Netrc = netrc,
        OnRetry = _retries.Enqueue,
    };

    private async Task<DownloadedArchive> DownloadAsync(NetworkSettings settings, Uri? url = null, ExpectedHashes? expected = null)
    {
        using var http = HttpClients.Create(4, settings);
        return await new Downloader(http).DownloadAsync(url ?? _server.FileUrl(Filename), Filename, expected ?? ExpectedHashes.None, _scratch.Path, CancellationToken.None);
    }

    private async Task<DownloadException> FailAsync(NetworkSettings settings, Uri? url = null, ExpectedHashes? expected = null)
    {
        var download = () => DownloadAsync(settings, url, expected);
        return (await download.Should().ThrowAsync<DownloadException>()).Which;
    }

    private static NetrcFile Netrc() => NetrcFile.Parse($"machine 127.0.0.1\n  login alice\n  password {Secret}\n");

    [Fact]
    public async Task Two_503_answers_then_the_file_make_exactly_three_requests_and_succeed()
    {
        _server.FaultInTurn(Filename, TestIndexFault.Unavailable, TestIndexFault.Unavailable);

        var archive = await DownloadAsync(Settings(), expected: FromIndex);

        archive.Sha256.Should().Be(Sha256);
        _server.CountRequests(Path).Should().Be(3);
        _retries.Select(retry => retry.Reason).Should().AllSatisfy(reason => reason.Should().Contain("503"));
    }

    [Fact]
    public async Task Not_found_is_not_retried()
    {
        _server.Fault[Filename] = TestIndexFault.NotFound;

        var error = await FailAsync(Settings());

        error.Message.Should().Contain("404");
        _server.CountRequests(Path).Should().Be(1);
        _retries.Should().BeEmpty();
    }

    [Fact]
    public async Task Unauthorized_is_not_retried()
    {
        _server.RequiredCredentials = ("alice", Secret);

        var error = await FailAsync(Settings());

        error.Message.Should().Contain("401");
        _server.CountRequests(Path).Should().Be(1);
    }

    [Fact]
    public async Task A_truncated_body_is_fetched_again_and_only_the_whole_file_is_kept()
    {
        _server.FaultInTurn(Filename, TestIndexFault.TruncatedBody);

        var archive = await DownloadAsync(Settings(), expected: FromIndex);

        File.ReadAllBytes(archive.Path).Should().Equal(_content);
        _server.CountRequests(Path).Should().Be(2);
        Directory.EnumerateFiles(_scratch.Path).Should().Equal(archive.Path);
    }

    [Fact]
    public async Task A_body_failing_its_hash_once_is_accepted_from_the_second_fetch()
    {
        _server.FaultInTurn(Filename, TestIndexFault.CorruptBody);

        var archive = await DownloadAsync(Settings(), expected: FromIndex);

        archive.Sha256.Should().Be(Sha256);
        _server.CountRequests(Path).Should().Be(2);
    }

    [Fact]
    public async Task A_body_failing_its_hash_twice_is_reported_as_tampering_after_exactly_two_requests()
    {
        _server.Fault[Filename] = TestIndexFault.CorruptBody;
        var corrupt = Convert.ToHexStringLower(SHA256.HashData(_content.Select(b => (byte)(b ^ 0xFF)).ToArray()));

        var error = await FailAsync(Settings(retries: 5), expected: FromIndex);

        error.Message.Should().Contain("does not match its published hash and may have been tampered with")
            .And.Contain(Filename).And.Contain(_server.FileUrl(Filename).ToString())
            .And.Contain($"expected sha256 {Sha256}").And.Contain($"got sha256 {corrupt}");
        _server.CountRequests(Path).Should().Be(2);
        Directory.EnumerateFileSystemEntries(_scratch.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task A_stalled_body_times_out_on_every_attempt_and_is_reported_naming_the_url()
    {
        _server.Fault[Filename] = TestIndexFault.SlowBody;

        var error = await FailAsync(Settings(retries: 2, timeout: TimeSpan.FromMilliseconds(300)));

        error.Message.Should().Contain(_server.FileUrl(Filename).ToString()).And.Contain("timed out").And.Contain("3 attempts");
        (await _server.CountRequestsSettledAsync(Path, 3)).Should().Be(3);
        Directory.EnumerateFileSystemEntries(_scratch.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task A_server_error_on_every_attempt_is_reported_with_its_status_and_the_attempts()
    {
        _server.Fault[Filename] = TestIndexFault.ServerError;

        var error = await FailAsync(Settings(retries: 3));

        error.Message.Should().Contain("500").And.Contain("4 attempts");
        _server.CountRequests(Path).Should().Be(4);
        _retries.Select(retry => retry.Retry).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task Retry_after_of_a_429_answer_is_the_delay_before_the_retry()
    {
        _server.RetryAfterSeconds = 1;
        _server.FaultInTurn(Filename, TestIndexFault.TooManyRequests);

        await DownloadAsync(Settings());

        _server.CountRequests(Path).Should().Be(2);
        _retries.Should().ContainSingle().Which.Delay.Should().Be(TimeSpan.FromSeconds(1), "the backoff alone would wait about a millisecond");
    }

    [Fact]
    public async Task Retry_after_longer_than_the_cap_is_cut_to_the_cap()
    {
        _server.RetryAfterSeconds = 3600;
        _server.FaultInTurn(Filename, TestIndexFault.TooManyRequests);

        await DownloadAsync(Settings() with { MaxRetryAfter = TimeSpan.FromMilliseconds(20) });

        _retries.Should().ContainSingle().Which.Delay.Should().Be(TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task No_retries_means_one_request()
    {
        _server.Fault[Filename] = TestIndexFault.Unavailable;

        var error = await FailAsync(Settings(retries: 0));

        error.Message.Should().Contain("503").And.Contain("1 attempt");
        _server.CountRequests(Path).Should().Be(1);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        var url = _server.FileUrl(Filename);
        await _server.StopAsync();

        var error = await FailAsync(Settings(retries: 2), url);

        error.Message.Should().Contain(url.ToString()).And.Contain("3 attempts");
        _retries.Should().HaveCount(2);
    }

    [Fact]
    public async Task Netrc_credentials_are_sent_as_basic_authentication()
    {
        _server.RequiredCredentials = ("alice", Secret);

        var archive = await DownloadAsync(Settings(netrc: Netrc()));

        archive.Sha256.Should().Be(Sha256);
        _server.Requests.Should().ContainSingle().Which.Authorization
            .Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{Secret}")));
    }

    [Fact]
    public async Task Credentials_in_the_url_win_over_netrc()
    {
        _server.RequiredCredentials = ("bob", "from-the-url");
        var url = new UriBuilder(_server.FileUrl(Filename)) { UserName = "bob", Password = "from-the-url" }.Uri;

        await DownloadAsync(Settings(netrc: Netrc()), url);

        _server.Requests.Should().ContainSingle().Which.Authorization
            .Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:from-the-url")));
    }

    [Theory]
    [InlineData(TestIndexFault.NotFound)]
    [InlineData(TestIndexFault.ServerError)]
    [InlineData(TestIndexFault.CorruptBody)]
    [InlineData(TestIndexFault.SlowBody)]
    public async Task Netrc_credentials_never_appear_in_an_error_or_a_retry_notice(TestIndexFault fault)
    {
        _server.Fault[Filename] = fault;
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{Secret}"));

        var error = await FailAsync(Settings(retries: 1, timeout: TimeSpan.FromMilliseconds(300), netrc: Netrc()), expected: FromIndex);

        _server.Requests.Should().AllSatisfy(request => request.Authorization.Should().Be("Basic " + token));
        error.ToString().Should().NotContain(Secret).And.NotContain(token);
        string.Join('\n', _retries).Should().NotContain(Secret).And.NotContain(token);
    }
}
