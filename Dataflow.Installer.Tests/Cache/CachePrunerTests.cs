using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Tests.Cache;

public sealed class CachePrunerTests : IDisposable
{
    private readonly PopulatedCache _cache = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public void Dispose() => _cache.Dispose();

    private IReadOnlyList<CacheRemoval> Prune(bool forCi = false) =>
        new CachePruner(_cache.Root, new FixedClock(_now)).Prune(forCi, CancellationToken.None);

    [Fact]
    public void A_run_start_removes_the_temp_folders_of_dead_runs_but_not_of_live_or_recent_ones()
    {
        var temp = _cache.Root.Bucket(CacheRoot.TempBucket);
        string Folder(string name, TimeSpan age)
        {
            var path = Path.Combine(temp, name);
            Directory.CreateDirectory(path);
            Directory.SetLastWriteTimeUtc(path, (_now - age).UtcDateTime);
            return path;
        }
        var parent = System.Diagnostics.Process.GetCurrentProcess().Id;
        var deadAndQuiet = Folder("unzip-999999-aaaa", TimeSpan.FromMinutes(20));
        var deadButRecent = Folder("unzip-999999-bbbb", TimeSpan.FromMinutes(1));
        var aliveAndQuiet = Folder($"unzip-{parent}-cccc", TimeSpan.FromMinutes(20));
        var ancient = Folder($"unzip-{parent}-dddd", TimeSpan.FromHours(2));

        var removed = new CachePruner(_cache.Root, new FixedClock(_now)).RemoveTempOfDeadRuns();

        removed.Should().Be(2);
        Directory.Exists(deadAndQuiet).Should().BeFalse();
        Directory.Exists(ancient).Should().BeFalse("an hour of quiet means nobody uses it, whatever its process id says");
        Directory.Exists(deadButRecent).Should().BeTrue("a folder touched a minute ago may belong to a run in another process namespace");
        Directory.Exists(aliveAndQuiet).Should().BeTrue();
    }

    [Fact]
    public void Prune_keeps_whole_entries_of_every_current_bucket()
    {
        _cache.AddWheel("demo-1.0-py3-none-any.whl");
        _cache.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        _cache.AddPage("demo");
        Directory.CreateDirectory(_cache.Root.Bucket(CacheLayout.InterpretersBucket));
        File.WriteAllText(Path.Combine(_cache.Root.Bucket(CacheLayout.InterpretersBucket), "key.json"), "{}");
        var before = PopulatedCache.Snapshot(_cache.Root);

        Prune().Should().BeEmpty();

        PopulatedCache.Snapshot(_cache.Root).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void Prune_drops_old_bucket_versions_and_unknown_folders()
    {
        Directory.CreateDirectory(Path.Combine(_cache.Root.Path, "wheels-v0", new string('a', 64), "tree"));
        Directory.CreateDirectory(Path.Combine(_cache.Root.Path, "something-else"));

        var removed = Prune();

        removed.Select(removal => removal.Path).Should().BeEquivalentTo(["something-else", "wheels-v0"]);
        Directory.Exists(Path.Combine(_cache.Root.Path, "wheels-v0")).Should().BeFalse();
    }

    [Fact]
    public void Prune_drops_wheel_entries_without_their_tree_and_misnamed_ones()
    {
        var whole = _cache.AddWheel("demo-1.0-py3-none-any.whl");
        var bucket = _cache.Root.Bucket(CacheRoot.WheelsBucket);
        Directory.CreateDirectory(Path.Combine(bucket, new string('b', 64), "half"));
        Directory.CreateDirectory(Path.Combine(bucket, "not-a-hash", "tree"));

        var removed = Prune();

        removed.Select(removal => removal.Path).Should().BeEquivalentTo([$"wheels-v1/{new string('b', 64)}", "wheels-v1/not-a-hash"]);
        Directory.Exists(_cache.Root.WheelEntryPath(whole)).Should().BeTrue();
    }

    [Fact]
    public void Prune_drops_built_wheel_folders_holding_no_wheel()
    {
        var kept = _cache.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        var empty = Path.Combine(_cache.Root.Bucket(BuiltWheelCache.Bucket), new string('e', 64), "cp311-cp311-linux_x86_64");
        Directory.CreateDirectory(empty);

        Prune();

        Directory.Exists(kept).Should().BeTrue();
        Directory.Exists(Path.GetDirectoryName(empty)).Should().BeFalse();
    }

    [Fact]
    public void Prune_drops_temp_folders_older_than_an_hour_and_keeps_recent_ones()
    {
        var stale = _cache.Root.CreateTempDirectory("unzip");
        var recent = _cache.Root.CreateTempDirectory("unzip");
        // A dead process id: a killed run's folder.
        var dead = Path.Combine(_cache.Root.Bucket(CacheRoot.TempBucket), $"run-{int.MaxValue}-0123");
        Directory.CreateDirectory(dead);
        Directory.SetLastWriteTimeUtc(stale, _now.UtcDateTime.AddHours(-2));
        Directory.SetLastWriteTimeUtc(dead, _now.UtcDateTime.AddHours(-2));
        Directory.SetLastWriteTimeUtc(recent, _now.UtcDateTime.AddMinutes(-5));

        Prune();

        Directory.Exists(stale).Should().BeFalse("its owner is this process, which no longer uses it");
        Directory.Exists(dead).Should().BeFalse();
        Directory.Exists(recent).Should().BeTrue();
    }

    [Fact]
    public void Prune_drops_pointers_to_wheels_that_are_gone_and_pending_page_writes()
    {
        var sha256 = _cache.AddWheel("demo-1.0-py3-none-any.whl");
        _cache.AddWheel("other-1.0-py3-none-any.whl");
        Directory.Delete(_cache.Root.WheelEntryPath(sha256), recursive: true);
        var page = _cache.AddPage("demo");
        var pending = page + ".123.abc.tmp";
        File.WriteAllText(pending, "half");
        File.SetLastWriteTimeUtc(pending, _now.UtcDateTime.AddHours(-3));

        Prune();

        var pointers = new LocationPointers(_cache.Root);
        pointers.TryGetSha256("https://files.example/demo-1.0-py3-none-any.whl").Should().BeNull();
        pointers.TryGetSha256("https://files.example/other-1.0-py3-none-any.whl").Should().NotBeNull();
        File.Exists(pending).Should().BeFalse();
        File.Exists(page).Should().BeTrue();
    }

    [Fact]
    public void Prune_for_ci_keeps_only_built_wheels_and_index_pages()
    {
        var wheel = _cache.AddWheel("demo-1.0-py3-none-any.whl");
        var built = _cache.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        var page = _cache.AddPage("demo");
        Directory.CreateDirectory(_cache.Root.Bucket(CacheLayout.InterpretersBucket));

        Prune(forCi: true);

        Directory.Exists(_cache.Root.WheelEntryPath(wheel)).Should().BeFalse();
        Directory.Exists(_cache.Root.Bucket(CacheRoot.LocationsBucket)).Should().BeFalse();
        Directory.Exists(_cache.Root.Bucket(CacheLayout.InterpretersBucket)).Should().BeFalse();
        Directory.Exists(built).Should().BeTrue();
        File.Exists(page).Should().BeTrue();
    }
}
