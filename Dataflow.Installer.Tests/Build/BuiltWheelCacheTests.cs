using System.Security.Cryptography;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Build;

public sealed class BuiltWheelCacheTests : IDisposable
{
    private const string TagKey = "cp311-cp311-linux_x86_64";
    private static readonly string SourceSha256 = new('5', 64);

    private readonly TemporaryDirectory _folder = new();
    private readonly CacheRoot _cache;
    private readonly BuiltWheelCache _built;

    public BuiltWheelCacheTests()
    {
        _cache = new CacheRoot(_folder.Combine("cache"));
        _cache.EnsureCreated();
        _built = new BuiltWheelCache(_cache);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_published_wheel_comes_back_with_its_sha256_and_the_hash_kept_beside_it()
    {
        var wheel = TestDistributions.WriteWheel(_folder.Combine("dist"), "built-1.0-cp311-cp311-linux_x86_64.whl");
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(wheel)));

        var published = await _built.PublishAsync(SourceSha256, TagKey, wheel, CancellationToken.None);
        var found = await _built.TryGetAsync(SourceSha256, TagKey, CancellationToken.None);

        published.Sha256.Should().Be(expected);
        File.ReadAllBytes(published.Path).Should().Equal(File.ReadAllBytes(wheel));
        found.Should().Be(published);
        File.ReadAllText(published.Path + BuiltWheelCache.HashFileSuffix).Should().StartWith(expected + " ");
        (await _built.TryGetAsync(SourceSha256, "cp312-cp312-linux_x86_64", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_found_wheel_whose_size_and_mtime_are_unchanged_is_not_read_again()
    {
        var published = await PublishAsync();
        var stamp = FileStamp.Of(published.Path)!.Value;

        // Same size, same mtime, other bytes: only a read could tell, and the kept hash is believed instead.
        var bytes = File.ReadAllBytes(published.Path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(published.Path, bytes);
        File.SetLastWriteTimeUtc(published.Path, new DateTime(stamp.LastWriteTicks, DateTimeKind.Utc));

        (await _built.TryGetAsync(SourceSha256, TagKey, CancellationToken.None))!.Sha256.Should().Be(published.Sha256);
    }

    [Fact]
    public async Task A_wheel_changed_after_it_was_kept_is_hashed_again_and_the_new_hash_kept()
    {
        var published = await PublishAsync();

        File.AppendAllText(published.Path, "appended");
        var changed = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(published.Path)));

        (await _built.TryGetAsync(SourceSha256, TagKey, CancellationToken.None))!.Sha256.Should().Be(changed);
        File.ReadAllText(published.Path + BuiltWheelCache.HashFileSuffix).Should().StartWith(changed + " ");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-hash 1 2\n")]
    [InlineData("half-writ")]
    public async Task A_wheel_without_a_whole_hash_file_is_hashed_and_the_hash_kept(string? hashFile)
    {
        var published = await PublishAsync();
        var path = published.Path + BuiltWheelCache.HashFileSuffix;
        File.Delete(path);
        if (hashFile is not null)
        {
            File.WriteAllText(path, hashFile);
        }

        (await _built.TryGetAsync(SourceSha256, TagKey, CancellationToken.None))!.Sha256.Should().Be(published.Sha256);
        File.ReadAllText(path).Should().StartWith(published.Sha256 + " ");
        Directory.EnumerateFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Should().BeEquivalentTo(
            [Path.GetFileName(published.Path), Path.GetFileName(path)], "nothing is left beside them");
    }

    private Task<DownloadedArchive> PublishAsync() =>
        _built.PublishAsync(SourceSha256, TagKey, TestDistributions.WriteWheel(_folder.Combine("dist"), "built-1.0-cp311-cp311-linux_x86_64.whl"), CancellationToken.None);
}
