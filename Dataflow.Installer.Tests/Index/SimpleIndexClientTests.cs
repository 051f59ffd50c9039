using System.Security.Cryptography;
using Dataflow.Installer.Index;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

public sealed class SimpleIndexClientTests : IAsyncLifetime
{
    private const string Wheel = "demo_pkg-1.0-py3-none-any.whl";
    private const string Sdist = "demo_pkg-1.0.tar.gz";
    private static readonly PackageName Demo = PackageName.Parse("Demo.Pkg");

    private readonly TemporaryDirectory _folder = new();
    private readonly HttpClient _http = new();
    private TestIndexServer _server = null!;

    public Task InitializeAsync()
    {
        TestDistributions.WriteWheel(_folder.Path, Wheel);
        TestDistributions.WriteSdist(_folder.Path, Sdist);
        TestDistributions.WriteWheel(_folder.Path, "other-2.0-py3-none-any.whl");
        _server = TestIndexServer.Start(_folder.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _folder.Dispose();
    }

    private Task<IReadOnlyList<IndexFile>?> GetAsync(Uri? indexUrl = null) =>
        new SimpleIndexClient(_http).GetProjectFilesAsync(indexUrl ?? _server.IndexUrl, Demo, CancellationToken.None);

    private string Sha256Of(string filename) =>
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_folder.Combine(filename))));

    [Theory]
    [InlineData(TestIndexFormat.Negotiate)]
    [InlineData(TestIndexFormat.Json)]
    [InlineData(TestIndexFormat.Html)]
    public async Task Both_formats_list_the_projects_files_with_hashes_and_absolute_urls(TestIndexFormat format)
    {
        _server.Format = format;

        var files = await GetAsync();

        files.Should().NotBeNull();
        files!.Select(file => file.Filename).Should().BeEquivalentTo(Wheel, Sdist);
        var wheel = files.Single(file => file.Filename == Wheel);
        wheel.Url.Should().Be(new Uri(_server.BaseUrl, "files/" + Wheel));
        wheel.Hashes.Should().Equal(new Dictionary<string, string> { ["sha256"] = Sha256Of(Wheel) });
        wheel.Origin.Should().Be(_server.IndexUrl + "demo-pkg/");
        wheel.Size.Should().Be(format == TestIndexFormat.Html ? null : new FileInfo(_folder.Combine(Wheel)).Length);
    }

    [Fact]
    public async Task The_client_asks_for_JSON_first_and_the_negotiating_server_gives_it()
    {
        await GetAsync();

        var request = _server.Requests.Single(r => r.Path == "/simple/demo-pkg/");
        request.Accept.Should().Be(SimpleIndexClient.AcceptHeader);
        // Only JSON carries sizes, so a size proves the JSON parser read the page.
        (await GetAsync())!.Should().AllSatisfy(file => file.Size.Should().NotBeNull());
    }

    [Fact]
    public async Task Yanked_files_and_requires_python_come_through_both_formats()
    {
        _server.Yanked[Wheel] = "broken wheel";
        _server.Yanked[Sdist] = "";
        _server.RequiresPython[Wheel] = ">=3.8,<4";

        foreach (var format in new[] { TestIndexFormat.Html, TestIndexFormat.Json })
        {
            _server.Format = format;
            var files = (await GetAsync())!;

            var wheel = files.Single(file => file.Filename == Wheel);
            wheel.Yanked.Should().BeTrue();
            wheel.YankedReason.Should().Be("broken wheel");
            wheel.RequiresPython.Should().Be(">=3.8,<4");
            var sdist = files.Single(file => file.Filename == Sdist);
            sdist.Yanked.Should().BeTrue();
            sdist.YankedReason.Should().BeNull();
            sdist.RequiresPython.Should().BeNull();
        }
    }

    [Fact]
    public async Task The_index_url_may_lack_its_trailing_slash()
    {
        var files = await GetAsync(new Uri(_server.BaseUrl, "simple"));

        files.Should().HaveCount(2);
        _server.RequestedPaths.Should().Contain("/simple/demo-pkg/");
    }

    [Fact]
    public async Task Relative_links_resolve_against_the_url_after_redirects()
    {
        _server.Format = TestIndexFormat.Html;

        var files = await GetAsync(new Uri(_server.BaseUrl, "moved/simple/"));

        files!.Select(file => file.Url).Should().Contain(new Uri(_server.BaseUrl, "files/" + Wheel));
        _server.RequestedPaths.Should().ContainInOrder("/moved/simple/demo-pkg/", "/simple/demo-pkg/");
    }

    [Fact]
    public async Task A_project_the_index_does_not_have_gives_null()
    {
        var files = await new SimpleIndexClient(_http).GetProjectFilesAsync(_server.IndexUrl, PackageName.Parse("absent"), CancellationToken.None);

        files.Should().BeNull();
    }

    [Fact]
    public async Task A_server_error_is_an_index_exception_naming_the_url_and_status()
    {
        _server.ProjectFault["demo-pkg"] = TestIndexFault.ServerError;

        var act = () => GetAsync();

        await act.Should().ThrowAsync<IndexException>()
            .WithMessage($"*{_server.IndexUrl}demo-pkg/*500*");
    }

    [Fact]
    public async Task A_truncated_page_is_an_index_exception()
    {
        _server.ProjectFault["demo-pkg"] = TestIndexFault.TruncatedBody;

        var act = () => GetAsync();

        await act.Should().ThrowAsync<IndexException>().WithMessage("*demo-pkg*");
    }

    [Fact]
    public async Task A_timeout_is_an_index_exception_not_a_silent_cancellation()
    {
        _server.ProjectFault["demo-pkg"] = TestIndexFault.SlowBody;
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        var act = () => new SimpleIndexClient(http).GetProjectFilesAsync(_server.IndexUrl, Demo, CancellationToken.None);

        await act.Should().ThrowAsync<IndexException>().WithMessage("Timed out*");
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_a_cancellation()
    {
        _server.ProjectFault["demo-pkg"] = TestIndexFault.SlowBody;
        using var cancellation = new CancellationTokenSource();
        var fetch = new SimpleIndexClient(_http).GetProjectFilesAsync(_server.IndexUrl, Demo, cancellation.Token);

        await cancellation.CancelAsync();

        await fetch.Awaiting(task => task).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Url_credentials_are_sent_as_basic_auth_and_passed_on_to_same_host_files()
    {
        _server.RequiredCredentials = ("alice", "p@ss:word");

        var files = await GetAsync(_server.IndexUrlWithCredentials("alice", "p@ss:word"));

        files.Should().HaveCount(2);
        files!.Should().AllSatisfy(file => file.Url.UserInfo.Should().Be("alice:p%40ss%3Aword"));
        files.Should().AllSatisfy(file => file.Origin.Should().NotContain("p%40ss"));
    }

    [Fact]
    public async Task Wrong_credentials_fail_without_showing_the_password()
    {
        _server.RequiredCredentials = ("alice", "right");

        var act = () => GetAsync(_server.IndexUrlWithCredentials("alice", "wrong-secret"));

        var failure = await act.Should().ThrowAsync<IndexException>().WithMessage("*401*");
        failure.Which.Message.Should().NotContain("wrong-secret").And.Contain("alice:****@");
    }

    [Fact]
    public async Task A_refused_connection_is_an_index_exception()
    {
        var url = _server.IndexUrlWithCredentials("bob", "hunter2");
        await _server.StopAsync();

        var act = () => GetAsync(url);

        var failure = await act.Should().ThrowAsync<IndexException>();
        failure.Which.Message.Should().NotContain("hunter2");
    }

    [Fact]
    public async Task A_file_index_is_read_from_static_pages()
    {
        var project = Directory.CreateDirectory(_folder.Combine("static", "demo-pkg"));
        File.WriteAllText(Path.Combine(project.FullName, "index.html"), $"""<a href="../../{Wheel}#sha256=abcd">{Wheel}</a>""");
        var indexUrl = new Uri(_folder.Combine("static") + "/");

        var files = await GetAsync(indexUrl);

        files!.Single().Url.Should().Be(new Uri(_folder.Combine(Wheel)));
        (await new SimpleIndexClient(_http).GetProjectFilesAsync(indexUrl, PackageName.Parse("absent"), CancellationToken.None))
            .Should().BeNull();
    }
}
