using Dataflow.Installer.Cache;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Cache;

public sealed class CacheRootTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Ensure_created_makes_the_root_its_temp_bucket_and_a_cachedir_tag()
    {
        var cache = new CacheRoot(_folder.Combine("cache"));

        cache.EnsureCreated();
        cache.EnsureCreated();

        Directory.Exists(cache.Bucket(CacheRoot.TempBucket)).Should().BeTrue();
        // The signature is fixed by the Cache Directory Tagging Specification.
        File.ReadAllText(Path.Combine(cache.Path, "CACHEDIR.TAG")).Should().StartWith("Signature: 8a477f597d28d172789f06886806bc55");
    }

    [Fact]
    public void The_root_path_is_made_absolute()
    {
        new CacheRoot("relative/cache").Path.Should().Be(Path.GetFullPath("relative/cache"));
    }

    [Fact]
    public void Wheel_entries_live_in_the_versioned_wheels_bucket_named_by_sha256()
    {
        var cache = new CacheRoot(_folder.Path);
        var sha = new string('c', 64);

        cache.WheelEntryPath(sha).Should().Be(Path.Combine(_folder.Path, "wheels-v1", sha));
    }

    [Fact]
    public void Temp_directories_are_new_empty_folders_inside_the_temp_bucket()
    {
        var cache = new CacheRoot(_folder.Path);
        cache.EnsureCreated();

        var first = cache.CreateTempDirectory("unzip");
        var second = cache.CreateTempDirectory("unzip");

        first.Should().NotBe(second);
        Path.GetDirectoryName(first).Should().Be(cache.Bucket(".tmp"));
        Directory.EnumerateFileSystemEntries(first).Should().BeEmpty();
    }

    [Fact]
    public void Location_pointers_of_different_keys_are_different_files_in_the_locations_bucket()
    {
        var cache = new CacheRoot(_folder.Path);

        var a = cache.LocationPointerPath("https://files.example/a.whl");
        var b = cache.LocationPointerPath("https://files.example/b.whl");

        a.Should().NotBe(b);
        a.Should().StartWith(Path.Combine(_folder.Path, "locations-v1") + "/");
        cache.LocationPointerPath("https://files.example/a.whl").Should().Be(a);
    }
}
