using System.Collections.Concurrent;
using System.Text;
using Dataflow.Installer.Download;
using Dataflow.Installer.Index;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

/// <summary>Index pages through the run's client against a fault-injecting index: the same retries as downloads.</summary>
public sealed class IndexPageRetryTests : IAsyncLifetime
{
    private const string Wheel = "demo_pkg-1.0-py3-none-any.whl";
    private const string PagePath = "/simple/demo-pkg/";
    private const string Secret = "n3trc-s3cr3t";
    private static readonly PackageName Demo = PackageName.Parse("demo-pkg");

    private readonly TemporaryDirectory _folder = new();
    private readonly ConcurrentQueue<NetworkRetry> _retries = new();
    private TestIndexServer _server = null!;

    public Task InitializeAsync()
    {
        // A large page, so that a truncated or stalled one has a first half to send.
        for (var i = 0; i < 200; i++)
        {
            TestDistributions.WriteWheel(_folder.Path, $"demo_pkg-1.{i}-py3-none-any.whl");
        }
        _server = TestIndexServer.Start(_folder.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    private NetworkSettings Settings(int retries = 3, TimeSpan? timeout = null, NetrcFile? netrc = null) => new()
    {
        Retries = retries,
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        Netrc = netrc,
        OnRetry = _retries.Enqueue,
    };

    private async Task<IReadOnlyList<IndexFile>?> GetAsync(NetworkSettings settings, PackageName? project = null)
    {
        using var http = HttpClients.Create(4, settings);
        return await new SimpleIndexClient(http).GetProjectFilesAsync(_server.IndexUrl, project ?? Demo, CancellationToken.None);
    }

    [Fact]
    public async Task Two_503_answers_then_the_page_make_exactly_three_requests()
    {
        _server.FaultInTurn("demo-pkg", TestIndexFault.Unavailable, TestIndexFault.Unavailable);

        var files = await GetAsync(Settings());

        files.Should().HaveCount(200);
        _server.CountRequests(PagePath).Should().Be(3);
    }

    [Fact]
    public async Task A_project_the_index_does_not_have_is_asked_for_once()
    {
        var files = await GetAsync(Settings(), PackageName.Parse("absent"));

        files.Should().BeNull();
        _server.CountRequests("/simple/absent/").Should().Be(1);
    }

    [Fact]
    public async Task A_truncated_page_is_fetched_again()
    {
        _server.FaultInTurn("demo-pkg", TestIndexFault.TruncatedBody);

        var files = await GetAsync(Settings());

        files.Should().HaveCount(200);
        _server.CountRequests(PagePath).Should().Be(2);
    }

    [Fact]
    public async Task A_stalled_page_times_out_on_every_attempt_and_is_an_index_exception_naming_the_url()
    {
        _server.ProjectFault["demo-pkg"] = TestIndexFault.SlowBody;

        var act = () => GetAsync(Settings(retries: 1, timeout: TimeSpan.FromMilliseconds(300)));

        (await act.Should().ThrowAsync<IndexException>()).Which.Message
            .Should().StartWith($"Timed out reading {_server.IndexUrl}demo-pkg/").And.Contain("2 attempts");
        _retries.Should().ContainSingle();
        (await _server.CountRequestsSettledAsync(PagePath, 2)).Should().Be(2);
    }

    [Fact]
    public async Task Retry_after_of_a_429_page_is_the_delay_before_the_retry()
    {
        _server.RetryAfterSeconds = 1;
        _server.FaultInTurn("demo-pkg", TestIndexFault.TooManyRequests);

        await GetAsync(Settings());

        _retries.Should().ContainSingle().Which.Delay.Should().Be(TimeSpan.FromSeconds(1));
        _retries.Single().Url.Should().Be($"{_server.IndexUrl}demo-pkg/");
    }

    [Fact]
    public async Task Netrc_credentials_authenticate_the_page_and_never_appear_in_an_error()
    {
        _server.RequiredCredentials = ("alice", Secret);
        var netrc = NetrcFile.Parse($"machine 127.0.0.1 login alice password {Secret}");

        var files = await GetAsync(Settings(netrc: netrc));
        _server.RequiredCredentials = ("alice", "another");
        var act = () => GetAsync(Settings(netrc: netrc));

        files.Should().HaveCount(200);
        _server.Requests[0].Authorization.Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{Secret}")));
        var failure = (await act.Should().ThrowAsync<IndexException>().WithMessage("*401*")).Which;
        failure.ToString().Should().NotContain(Secret).And.Contain(".netrc");
        _server.CountRequests(PagePath).Should().Be(2, "401 is not retried");
    }
}
