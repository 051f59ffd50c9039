using Dataflow.Installer.Cache;
using Dataflow.Installer.Index;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

public sealed class PageCacheTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private CacheRoot Cache()
    {
        var cache = new CacheRoot(_temp.Combine("cache"));
        cache.EnsureCreated();
        return cache;
    }

    [Fact]
    public async Task An_offline_run_reads_index_pages_from_the_cache_with_the_server_gone()
    {
        var files = _temp.Combine("files");
        Directory.CreateDirectory(files);
        TestDistributions.WriteWheel(files, "demo_pkg-1.0-py3-none-any.whl");
        var cache = Cache();
        var project = PackageName.Parse("demo-pkg");
        using var http = new HttpClient();
        Uri index;
        IReadOnlyList<IndexFile>? online;
        await using (var server = TestIndexServer.Start(files))
        {
            index = server.IndexUrl;
            online = await new SimpleIndexClient(http, new PageCache(cache, TimeProvider.System)).GetProjectFilesAsync(index, project, CancellationToken.None);
            await server.StopAsync();
        }

        var offline = await new SimpleIndexClient(http, new PageCache(cache, TimeProvider.System), PageCachePolicy.Offline)
            .GetProjectFilesAsync(index, project, CancellationToken.None);

        online.Should().ContainSingle();
        offline.Should().BeEquivalentTo(online);
    }

    [Fact]
    public async Task An_offline_run_without_the_page_in_the_cache_fails_naming_the_page()
    {
        using var http = new HttpClient();
        var client = new SimpleIndexClient(http, new PageCache(Cache(), TimeProvider.System), PageCachePolicy.Offline);

        var fetch = () => client.GetProjectFilesAsync(new Uri("http://127.0.0.1:9/simple/"), PackageName.Parse("absent"), CancellationToken.None);

        (await fetch.Should().ThrowAsync<IndexException>()).Which.Message.Should().Contain("/simple/absent/").And.Contain("--offline");
    }

    [Fact]
    public void A_stored_page_comes_back_with_its_validators_and_freshness()
    {
        var cache = new PageCache(Cache(), TimeProvider.System);
        var url = new Uri("https://index.example/simple/demo/");
        var stored = new CachedPage("https://index.example/simple/demo/", "text/html", "<a href='x.whl'>x</a>", "\"etag-1\"", "Mon, 23 Nov 2026 10:00:00 GMT",
            DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), TimeSpan.FromMinutes(10));

        cache.Store(url, SimpleIndexClient.AcceptHeader, stored);

        cache.TryGet(url, SimpleIndexClient.AcceptHeader).Should().Be(stored);
        cache.TryGet(url, "text/html").Should().BeNull("pages are kept per Accept header, as their content differs");
        stored.IsFresh(stored.StoredAt + TimeSpan.FromMinutes(9)).Should().BeTrue();
        stored.IsFresh(stored.StoredAt + TimeSpan.FromMinutes(11)).Should().BeFalse();
    }
}
