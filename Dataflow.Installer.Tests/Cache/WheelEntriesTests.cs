using System.Security.Cryptography;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Install;
using Dataflow.Installer.Tests.Support;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Tests.Cache;

public sealed class WheelEntriesTests : IDisposable
{
    private const string WheelName = "demo-1.0-py3-none-any.whl";

    private readonly TemporaryDirectory _folder = new();
    private readonly CacheRoot _cache;
    private readonly List<string> _warnings = [];

    public WheelEntriesTests()
    {
        _cache = new CacheRoot(_folder.Combine("cache"));
        _cache.EnsureCreated();
    }

    public void Dispose() => _folder.Dispose();

    private DownloadedArchive Archive()
    {
        var bytes = new WheelBuilder("demo", "1.0").Add("demo/__init__.py", "x = 1\n").Add("demo/util.py", "y = 2\n").Build();
        var path = _folder.Combine(WheelName);
        File.WriteAllBytes(path, bytes);
        return new DownloadedArchive(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, IsScratch: false);
    }

    private CacheEntry Unzip(DownloadedArchive archive) =>
        new WheelUnzipper(_cache, warn: _warnings.Add).Unzip(archive, WheelName, "demo-1.0", CancellationToken.None);

    private static async Task<string> InodeOfAsync(string path) => (await LinkTargets.StatAsync(path)).Inode;

    [Fact]
    public void A_published_entry_carries_a_manifest_of_every_file_and_is_found_sound()
    {
        var archive = Archive();
        var made = Unzip(archive);

        var found = new WheelEntries(_cache, _warnings.Add).Find(archive.Sha256, WheelName, CancellationToken.None);

        File.Exists(Path.Combine(made.Directory, CacheEntry.ManifestFileName)).Should().BeTrue();
        made.Manifest!.Files.Select(file => file.Key).Should().BeEquivalentTo(
            "demo/__init__.py", "demo/util.py", "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/WHEEL", "demo-1.0.dist-info/RECORD");
        found.Should().NotBeNull();
        found!.Manifest!.Files.Should().Equal(made.Manifest.Files);
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task An_untouched_entry_is_not_unzipped_again()
    {
        var archive = Archive();
        var first = Unzip(archive);
        var inode = await InodeOfAsync(Path.Combine(first.Tree, "demo", "__init__.py"));

        var second = Unzip(archive);

        (await InodeOfAsync(Path.Combine(second.Tree, "demo", "__init__.py"))).Should().Be(inode);
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public void An_edited_entry_is_removed_with_a_warning_naming_it_and_its_file()
    {
        var archive = Archive();
        var entry = Unzip(archive);
        File.AppendAllText(Path.Combine(entry.Tree, "demo", "util.py"), "z = 3\n");

        var found = new WheelEntries(_cache, _warnings.Add).Find(archive.Sha256, WheelName, CancellationToken.None);

        found.Should().BeNull();
        Directory.Exists(entry.Directory).Should().BeFalse("it is removed so that it is made again");
        Directory.GetFileSystemEntries(_cache.Bucket(CacheRoot.TempBucket)).Should().BeEmpty("it was renamed aside and deleted");
        _warnings.Should().ContainSingle().Which.Should()
            .Contain(WheelName).And.Contain($"wheels-v1/{archive.Sha256}").And.Contain("'demo/util.py': it is 12 bytes, 6 when it was unzipped");
    }

    [Fact]
    public async Task An_edited_entry_is_unzipped_again_as_new_files_with_the_wheels_bytes()
    {
        var archive = Archive();
        var entry = Unzip(archive);
        var file = Path.Combine(entry.Tree, "demo", "__init__.py");
        var inode = await InodeOfAsync(file);
        // An environment's hard link keeps the edited inode alive, so its number cannot be handed to the new file.
        LibC.Link(file, _folder.Combine("environment-link.py")).Should().Be(0);
        File.AppendAllText(file, "edited = True\n");

        var remade = Unzip(archive);

        File.ReadAllText(Path.Combine(remade.Tree, "demo", "__init__.py")).Should().Be("x = 1\n");
        (await InodeOfAsync(Path.Combine(remade.Tree, "demo", "__init__.py"))).Should().NotBe(inode);
        remade.Manifest!.FirstMismatch(remade.Tree).Should().BeNull();
        _warnings.Should().ContainSingle().Which.Should().Contain("'demo/__init__.py'");
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("truncate")]
    [InlineData("manifest")]
    public void A_deleted_or_truncated_file_or_a_missing_manifest_makes_the_entry_again(string damage)
    {
        var archive = Archive();
        var entry = Unzip(archive);
        var file = Path.Combine(entry.Tree, "demo", "__init__.py");
        switch (damage)
        {
            case "delete":
                File.Delete(file);
                break;
            case "truncate":
                using (new FileStream(file, FileMode.Truncate))
                {
                }
                break;
            default:
                File.Delete(Path.Combine(entry.Directory, CacheEntry.ManifestFileName));
                break;
        }

        var remade = Unzip(archive);

        File.ReadAllText(Path.Combine(remade.Tree, "demo", "__init__.py")).Should().Be("x = 1\n");
        _warnings.Should().ContainSingle().Which.Should().Contain(damage switch
        {
            "delete" => "'demo/__init__.py': it is missing",
            "truncate" => "'demo/__init__.py': it is 0 bytes",
            _ => $"no readable {CacheEntry.ManifestFileName}",
        });
    }
}
