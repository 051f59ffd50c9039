using System.Security.Cryptography;
using Dataflow.Installer.Download;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Download;

public sealed class DownloaderTests : IAsyncLifetime
{
    private const string Filename = "alpha-1.0-py3-none-any.whl";
    private const string Secret = "s3cr3t-pa55";

    private readonly TemporaryDirectory _served = new();
    private readonly TemporaryDirectory _scratch = new();
    private readonly HttpClient _http = new();
    private readonly byte[] _content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251)).ToArray();
    private TestIndexServer _server = null!;

    private string Sha256 => Convert.ToHexStringLower(SHA256.HashData(_content));

    private Downloader Downloader => new(_http);

    public Task InitializeAsync()
    {
        File.WriteAllBytes(_served.Combine(Filename), _content);
        _server = TestIndexServer.Start(_served.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _served.Dispose();
        _scratch.Dispose();
    }

    private Task<DownloadedArchive> DownloadAsync(Uri url, ExpectedHashes? expected = null) =>
        Downloader.DownloadAsync(url, Filename, expected ?? ExpectedHashes.None, _scratch.Path, CancellationToken.None);

    private async Task<DownloadException> FailAsync(Uri url, ExpectedHashes? expected = null)
    {
        var download = () => DownloadAsync(url, expected);
        return (await download.Should().ThrowAsync<DownloadException>()).Which;
    }

    private Uri FileUrlWithCredentials() =>
        new UriBuilder(_server.FileUrl(Filename)) { UserName = "user", Password = Secret }.Uri;

    [Fact]
    public async Task A_download_is_streamed_into_the_scratch_folder_and_hashed()
    {
        var archive = await DownloadAsync(_server.FileUrl(Filename));

        archive.IsScratch.Should().BeTrue();
        Path.GetDirectoryName(archive.Path).Should().Be(_scratch.Path);
        Path.GetFileName(archive.Path).Should().EndWith(Filename);
        archive.Sha256.Should().Be(Sha256);
        archive.Size.Should().Be(_content.Length);
        File.ReadAllBytes(archive.Path).Should().Equal(_content);
    }

    [Fact]
    public async Task A_download_matching_the_index_and_requirement_hashes_is_accepted()
    {
        var expected = new ExpectedHashes(new Dictionary<string, string> { ["sha256"] = Sha256 }, [$"sha256:{Sha256}"]);

        var archive = await DownloadAsync(_server.FileUrl(Filename), expected);

        archive.Sha256.Should().Be(Sha256);
    }

    [Fact]
    public async Task A_corrupt_body_fails_the_index_hash_and_leaves_no_file_behind()
    {
        _server.Fault[Filename] = TestIndexFault.CorruptBody;
        var expected = new ExpectedHashes(new Dictionary<string, string> { ["sha256"] = Sha256 }, []);

        var error = await FailAsync(_server.FileUrl(Filename), expected);

        error.Message.Should().Contain("tampered with").And.Contain(Filename).And.Contain(Sha256);
        Directory.EnumerateFileSystemEntries(_scratch.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_matching_none_of_the_requirement_hashes_is_refused_and_leaves_no_file_behind()
    {
        var expected = new ExpectedHashes(new Dictionary<string, string>(), [$"sha256:{new string('0', 64)}"]);

        var error = await FailAsync(_server.FileUrl(Filename), expected);

        error.Message.Should().Contain("does not match its published hash").And.Contain(Sha256).And.Contain(new string('0', 64));
        Directory.EnumerateFileSystemEntries(_scratch.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Not_found_is_an_error_naming_the_url_and_the_status()
    {
        var url = _server.FileUrl("missing-1.0-py3-none-any.whl");

        var error = await FailAsync(url);

        error.Message.Should().Contain(url.ToString()).And.Contain("404");
        Directory.EnumerateFileSystemEntries(_scratch.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task A_server_error_is_an_error_naming_the_status()
    {
        _server.Fault[Filename] = TestIndexFault.ServerError;

        var error = await FailAsync(_server.FileUrl(Filename));

        error.Message.Should().Contain("500");
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_an_error_and_leaves_no_file_behind()
    {
        _server.Fault[Filename] = TestIndexFault.TruncatedBody;

        var error = await FailAsync(_server.FileUrl(Filename));

        error.Message.Should().Contain(_server.FileUrl(Filename).ToString());
        Directory.EnumerateFileSystemEntries(_scratch.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Credentials_in_the_url_are_sent_as_basic_authentication()
    {
        _server.RequiredCredentials = ("user", Secret);

        var archive = await DownloadAsync(FileUrlWithCredentials());

        archive.Sha256.Should().Be(Sha256);
    }

    [Fact]
    public async Task Credentials_in_the_url_never_appear_in_an_error_for_a_status()
    {
        _server.Fault[Filename] = TestIndexFault.NotFound;

        var error = await FailAsync(FileUrlWithCredentials());

        error.Message.Should().Contain("404").And.NotContain(Secret).And.Contain(":****@", "the password is shown redacted, as pip shows it");
    }

    [Fact]
    public async Task Credentials_in_the_url_never_appear_in_a_hash_mismatch()
    {
        var expected = new ExpectedHashes(new Dictionary<string, string> { ["sha256"] = new string('0', 64) }, []);

        var error = await FailAsync(FileUrlWithCredentials(), expected);

        error.Message.Should().Contain("tampered with").And.NotContain(Secret).And.Contain(":****@");
    }

    [Fact]
    public async Task Credentials_in_the_url_never_appear_in_an_error_for_a_truncated_body()
    {
        _server.Fault[Filename] = TestIndexFault.TruncatedBody;

        var error = await FailAsync(FileUrlWithCredentials());

        error.ToString().Should().NotContain(Secret);
    }

    [Fact]
    public async Task A_local_file_is_hashed_in_place_and_is_not_scratch()
    {
        var path = _served.Combine(Filename);

        var archive = await DownloadAsync(new Uri(path), new ExpectedHashes(new Dictionary<string, string>(), [$"sha256:{Sha256}"]));

        archive.Path.Should().Be(path);
        archive.IsScratch.Should().BeFalse();
        archive.Sha256.Should().Be(Sha256);
        archive.Size.Should().Be(_content.Length);
        Directory.EnumerateFileSystemEntries(_scratch.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task A_local_file_failing_its_hash_is_refused_and_kept()
    {
        var path = _served.Combine(Filename);

        var error = await FailAsync(new Uri(path), new ExpectedHashes(new Dictionary<string, string>(), [$"sha256:{new string('0', 64)}"]));

        error.Message.Should().Contain(path);
        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public async Task A_missing_local_file_is_an_error_naming_it()
    {
        var path = _served.Combine("missing-1.0-py3-none-any.whl");

        var error = await FailAsync(new Uri(path));

        error.Message.Should().Contain(path);
    }
}
