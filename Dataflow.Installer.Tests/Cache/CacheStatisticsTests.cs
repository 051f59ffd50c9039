using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Tests.Cache;

public sealed class CacheStatisticsTests : IDisposable
{
    private readonly PopulatedCache _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void Stats_count_whole_entries_and_their_bytes_per_bucket()
    {
        var sha256 = _cache.AddWheel("demo-1.0-py3-none-any.whl", payloadBytes: 5000);
        _cache.AddWheel("other-2.0-py3-none-any.whl");
        _cache.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        _cache.AddPage("demo");

        var rows = CacheStatistics.Compute(_cache.Root, CancellationToken.None).ToDictionary(row => row.Bucket);

        rows[CacheRoot.WheelsBucket].Entries.Should().Be(2);
        rows[CacheRoot.WheelsBucket].Bytes.Should().Be(CacheLayout.SizeOf(_cache.Root.Bucket(CacheRoot.WheelsBucket)))
            .And.BeGreaterThan(5000);
        rows[BuiltWheelCache.Bucket].Entries.Should().Be(1);
        rows[PageCache.Bucket].Entries.Should().Be(1);
        rows[CacheRoot.LocationsBucket].Entries.Should().Be(2);
        rows[CacheLayout.InterpretersBucket].Entries.Should().Be(0);
        Directory.Exists(_cache.Root.WheelEntryPath(sha256)).Should().BeTrue();
    }

    [Fact]
    public void An_incomplete_wheel_entry_is_not_counted_but_its_bytes_are()
    {
        var debris = Path.Combine(_cache.Root.Bucket(CacheRoot.WheelsBucket), new string('d', 64));
        Directory.CreateDirectory(debris);
        File.WriteAllBytes(Path.Combine(debris, "half"), new byte[100]);

        var wheels = CacheStatistics.Compute(_cache.Root, CancellationToken.None).Single(row => row.Bucket == CacheRoot.WheelsBucket);

        wheels.Entries.Should().Be(0);
        wheels.Bytes.Should().Be(100);
    }

    [Fact]
    public void Folders_of_old_layouts_are_listed_as_unused()
    {
        Directory.CreateDirectory(Path.Combine(_cache.Root.Path, "wheels-v0", "x"));

        var rows = CacheStatistics.Compute(_cache.Root, CancellationToken.None);

        rows.Should().ContainSingle(row => row.Bucket == "wheels-v0").Which.IsCurrent.Should().BeFalse();
        rows.Should().ContainSingle(row => row.Bucket == CacheRoot.TempBucket).Which.IsCurrent.Should().BeTrue();
    }
}
