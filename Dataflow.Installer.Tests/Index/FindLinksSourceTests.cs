using Dataflow.Installer.Index;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

public sealed class FindLinksSourceTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly HttpClient _http = new();

    public FindLinksSourceTests()
    {
        TestDistributions.WriteWheel(_folder.Path, "demo_pkg-1.0-py3-none-any.whl");
        TestDistributions.WriteSdist(_folder.Path, "demo_pkg-1.0.tar.gz");
        foreach (var name in new[] { "other-2.0.zip", "b-1.0.tar.bz2", "c-1.0.tgz", "d-1.0.tar.zst" })
        {
            File.WriteAllText(_folder.Combine(name), "x");
        }
        File.WriteAllText(_folder.Combine("README.txt"), "not a distribution");
        File.WriteAllText(_folder.Combine("demo_pkg-1.0.tar.gz.asc"), "a signature");
        Directory.CreateDirectory(_folder.Combine("nested.whl"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private static readonly string[] Distributions =
        ["b-1.0.tar.bz2", "c-1.0.tgz", "d-1.0.tar.zst", "demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0.tar.gz", "other-2.0.zip"];

    [Fact]
    public async Task A_local_folder_lists_its_distributions_as_file_urls()
    {
        var files = await new FindLinksSource(_folder.Path, _http).GetFilesAsync(CancellationToken.None);

        files.Select(file => file.Filename).Should().BeEquivalentTo(Distributions);
        var wheel = files.Single(file => file.Filename.EndsWith(".whl", StringComparison.Ordinal));
        wheel.Url.Should().Be(new Uri(_folder.Combine("demo_pkg-1.0-py3-none-any.whl")));
        wheel.Url.IsFile.Should().BeTrue();
        wheel.Hashes.Should().BeEmpty();
        wheel.Size.Should().Be(new FileInfo(_folder.Combine("demo_pkg-1.0-py3-none-any.whl")).Length);
        wheel.Origin.Should().Be(_folder.Path);
    }

    [Fact]
    public async Task A_file_url_to_a_folder_lists_the_same_files()
    {
        var files = await new FindLinksSource(new Uri(_folder.Path).AbsoluteUri, _http).GetFilesAsync(CancellationToken.None);

        files.Select(file => file.Filename).Should().BeEquivalentTo(Distributions);
    }

    [Fact]
    public async Task A_local_html_file_lists_its_links_relative_to_itself()
    {
        var page = _folder.Combine("pages", "links.html");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        File.WriteAllText(page, """
            <a href="../demo_pkg-1.0-py3-none-any.whl#sha256=abcdef">demo_pkg</a>
            <a href="https://example.com/x/other-2.0.zip">other</a>
            <a href="https://example.com/about.html">about</a>
            """);

        var files = await new FindLinksSource(page, _http).GetFilesAsync(CancellationToken.None);

        files.Select(file => file.Url).Should().Equal(
            new Uri(_folder.Combine("demo_pkg-1.0-py3-none-any.whl")),
            new Uri("https://example.com/x/other-2.0.zip"));
        files[0].Hashes["sha256"].Should().Be("abcdef");
    }

    [Fact]
    public async Task An_http_page_lists_its_distribution_links()
    {
        await using var server = TestIndexServer.Start(_folder.Path);
        server.Format = TestIndexFormat.Html;
        var location = new Uri(server.IndexUrl, "demo-pkg/").AbsoluteUri;

        var files = await new FindLinksSource(location, _http).GetFilesAsync(CancellationToken.None);

        files.Select(file => file.Filename).Should().BeEquivalentTo("demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0.tar.gz");
        files.Should().AllSatisfy(file => file.Url.Host.Should().Be("127.0.0.1"));
        server.Requests.Single().Accept.Should().StartWith("text/html");
    }

    [Fact]
    public async Task A_missing_http_page_is_an_index_exception()
    {
        await using var server = TestIndexServer.Start(_folder.Path);

        var act = () => new FindLinksSource(new Uri(server.BaseUrl, "nothing/").AbsoluteUri, _http).GetFilesAsync(CancellationToken.None);

        await act.Should().ThrowAsync<IndexException>().WithMessage("*nothing/*404*");
    }

    [Fact]
    public async Task A_missing_local_folder_is_an_index_exception_naming_it()
    {
        var missing = _folder.Combine("absent");

        var act = () => new FindLinksSource(missing, _http).GetFilesAsync(CancellationToken.None);

        await act.Should().ThrowAsync<IndexException>().WithMessage($"*{missing}*does not exist*");
    }
}
