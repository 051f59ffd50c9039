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

    [Fact]
    public void A_page_found_under_its_name_but_holding_another_request_is_a_miss()
    {
        var root = Cache();
        var cache = new PageCache(root, TimeProvider.System);
        var alpha = new Uri("https://index.example/simple/alpha/");
        var beta = new Uri("https://index.example/simple/beta/");
        cache.Store(alpha, SimpleIndexClient.AcceptHeader, Page(alpha));
        var alphaFile = SinglePageFile(root);
        cache.Store(beta, SimpleIndexClient.AcceptHeader, Page(beta));
        var betaFile = Directory.EnumerateFiles(root.Bucket(PageCache.Bucket), "*.zst", SearchOption.AllDirectories).Single(file => file != alphaFile);

        // What a collision of names would look like: beta's page at the name alpha's request is looked up by.
        File.Copy(betaFile, alphaFile, overwrite: true);

        cache.TryGet(alpha, SimpleIndexClient.AcceptHeader).Should().BeNull();
        cache.TryGet(beta, SimpleIndexClient.AcceptHeader).Should().Be(Page(beta));
    }

    [Fact]
    public void A_page_of_a_url_with_credentials_is_named_by_sha256_and_the_credentials_are_not_on_disk()
    {
        var root = Cache();
        var cache = new PageCache(root, TimeProvider.System);
        var url = new Uri("https://alice:s3cret-token@index.example/simple/demo/");
        var page = Page(new Uri("https://index.example/simple/demo/"));

        cache.Store(url, SimpleIndexClient.AcceptHeader, page);

        var file = SinglePageFile(root);
        Path.GetFileName(file).Should().HaveLength(CacheKey.SecretLength + ".zst".Length);
        System.Text.Encoding.UTF8.GetString(new ZstdSharp.Decompressor().Unwrap(File.ReadAllBytes(file))).Should().NotContain("s3cret");
        cache.TryGet(url, SimpleIndexClient.AcceptHeader).Should().Be(page);
        cache.TryGet(new Uri("https://alice:other@index.example/simple/demo/"), SimpleIndexClient.AcceptHeader).Should().BeNull("another user's view of the index is kept apart");
    }

    [Fact]
    public void A_page_of_a_url_without_credentials_is_named_by_the_short_key()
    {
        var root = Cache();
        var url = new Uri("https://index.example/simple/demo/");

        new PageCache(root, TimeProvider.System).Store(url, SimpleIndexClient.AcceptHeader, Page(url));

        Path.GetFileName(SinglePageFile(root)).Should().Be(CacheKey.Name(url.AbsoluteUri + "\n" + SimpleIndexClient.AcceptHeader, secret: false) + ".zst");
        CacheKey.Name("x", secret: false).Should().HaveLength(CacheKey.PlainLength);
    }

    [Fact]
    public void A_page_an_older_dfi_stored_under_the_sha256_of_its_request_is_read_and_stored_again_under_the_short_name()
    {
        var root = Cache();
        var url = new Uri("https://index.example/simple/demo/");
        var request = url.AbsoluteUri + "\n" + SimpleIndexClient.AcceptHeader;
        var legacyName = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request)));
        var legacy = Path.Combine(root.Bucket(PageCache.Bucket), legacyName[..2], legacyName + ".zst");
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        // The header as dfi wrote it before pages held their request.
        var text = "{\"url\":\"https://index.example/simple/demo/\",\"media_type\":\"text/html\",\"etag\":null,\"last_modified\":null,"
            + "\"stored_at\":1800000000000,\"max_age\":600}\n<a href='demo-1.0.tar.gz'>x</a>";
        File.WriteAllBytes(legacy, new ZstdSharp.Compressor(3).Wrap(System.Text.Encoding.UTF8.GetBytes(text)).ToArray());
        var cache = new PageCache(root, TimeProvider.System);

        var page = cache.TryGet(url, SimpleIndexClient.AcceptHeader);

        page.Should().Be(Page(url));
        var shortName = CacheKey.Name(request, secret: false);
        File.Exists(Path.Combine(root.Bucket(PageCache.Bucket), shortName[..2], shortName + ".zst")).Should().BeTrue("the page is kept under the short name from now on");
        cache.TryGet(new Uri("https://index.example/simple/other/"), SimpleIndexClient.AcceptHeader).Should().BeNull();
    }

    private static CachedPage Page(Uri url) =>
        new(url.AbsoluteUri, "text/html", $"<a href='{url.Segments[^1].TrimEnd('/')}-1.0.tar.gz'>x</a>", null, null,
            DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), TimeSpan.FromMinutes(10));

    private static string SinglePageFile(CacheRoot root) =>
        Directory.EnumerateFiles(root.Bucket(PageCache.Bucket), "*.zst", SearchOption.AllDirectories).Single();
}
