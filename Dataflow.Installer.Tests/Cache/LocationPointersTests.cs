using Dataflow.Installer.Cache;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Cache;

public sealed class LocationPointersTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly LocationPointers _pointers;

    public LocationPointersTests() => _pointers = new LocationPointers(new CacheRoot(_folder.Combine("cache")));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_recorded_sha256_is_found_again_by_its_location()
    {
        var sha = new string('d', 64);

        _pointers.Record("https://files.example/alpha-1.0-py3-none-any.whl", sha);

        _pointers.TryGetSha256("https://files.example/alpha-1.0-py3-none-any.whl").Should().Be(sha);
        _pointers.TryGetSha256("https://files.example/alpha-2.0-py3-none-any.whl").Should().BeNull();
    }

    [Fact]
    public void Recording_again_replaces_the_earlier_sha256()
    {
        _pointers.Record("key", new string('1', 64));
        _pointers.Record("key", new string('2', 64));

        _pointers.TryGetSha256("key").Should().Be(new string('2', 64));
    }

    [Fact]
    public void A_pointer_file_that_is_not_a_sha256_is_ignored()
    {
        var cache = new CacheRoot(_folder.Combine("cache"));
        var path = cache.LocationPointerPath("key");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "half-writ");

        _pointers.TryGetSha256("key").Should().BeNull();
    }

    [Fact]
    public void A_pointer_found_under_the_name_but_holding_another_location_is_a_miss()
    {
        var cache = new CacheRoot(_folder.Combine("cache"));
        _pointers.Record("https://files.example/beta-1.0-py3-none-any.whl", new string('b', 64));
        var alphaPath = cache.LocationPointerPath("https://files.example/alpha-1.0-py3-none-any.whl");
        Directory.CreateDirectory(Path.GetDirectoryName(alphaPath)!);

        // What a collision of names would look like: beta's pointer at the name alpha's location is looked up by.
        File.Copy(cache.LocationPointerPath("https://files.example/beta-1.0-py3-none-any.whl"), alphaPath);

        _pointers.TryGetSha256("https://files.example/alpha-1.0-py3-none-any.whl").Should().BeNull();
        _pointers.TryGetSha256("https://files.example/beta-1.0-py3-none-any.whl").Should().Be(new string('b', 64));
    }

    [Fact]
    public void A_pointer_under_the_short_name_without_its_key_is_a_miss()
    {
        var cache = new CacheRoot(_folder.Combine("cache"));
        var path = cache.LocationPointerPath("key");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, new string('c', 64) + "\n");

        _pointers.TryGetSha256("key").Should().BeNull();
    }

    [Fact]
    public void A_pointer_an_older_dfi_wrote_under_the_sha256_of_its_key_is_found_and_kept_under_the_short_name()
    {
        var cache = new CacheRoot(_folder.Combine("cache"));
        var key = "https://files.example/alpha-1.0-py3-none-any.whl";
        var legacy = cache.LegacyLocationPointerPath(key);
        Path.GetFileName(legacy).Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))));
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        File.WriteAllText(legacy, new string('a', 64) + "\n");

        _pointers.TryGetSha256(key).Should().Be(new string('a', 64));

        File.ReadAllText(cache.LocationPointerPath(key)).Should().Be(new string('a', 64) + "\n" + key + "\n");
        LocationPointers.Sha256In(legacy).Should().Be(new string('a', 64), "prune and clean read both kinds");
    }

    [Fact]
    public void The_local_file_key_changes_when_the_file_changes()
    {
        var path = _folder.Combine("alpha-1.0-py3-none-any.whl");
        File.WriteAllText(path, "first");
        var before = LocationPointers.LocalFileKey(path);

        LocationPointers.LocalFileKey(path).Should().Be(before);
        File.WriteAllText(path, "second, longer");
        File.SetLastWriteTimeUtc(path, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        LocationPointers.LocalFileKey(path).Should().NotBe(before);
    }

    [Fact]
    public void The_local_file_key_changes_when_only_the_modification_time_changes()
    {
        var path = _folder.Combine("alpha-1.0-py3-none-any.whl");
        File.WriteAllText(path, "same");
        File.SetLastWriteTimeUtc(path, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        var before = LocationPointers.LocalFileKey(path);

        File.SetLastWriteTimeUtc(path, new DateTime(2002, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        LocationPointers.LocalFileKey(path).Should().NotBe(before);
    }

    [Fact]
    public void The_local_file_key_round_trips_through_the_pointers()
    {
        var path = _folder.Combine("alpha-1.0-py3-none-any.whl");
        File.WriteAllText(path, "content");
        var sha = new string('e', 64);

        _pointers.Record(LocationPointers.LocalFileKey(path), sha);

        _pointers.TryGetSha256(LocationPointers.LocalFileKey(path)).Should().Be(sha);
        File.AppendAllText(path, "more");
        _pointers.TryGetSha256(LocationPointers.LocalFileKey(path)).Should().BeNull();
    }
}
