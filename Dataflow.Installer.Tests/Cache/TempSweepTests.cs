using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Tests.Cache;

/// <summary>The dead-run sweep of <c>.tmp</c> (at a run's start and by prune) judged by owner locks.</summary>
public sealed class TempSweepTests : IDisposable
{
    private readonly PopulatedCache _cache = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly List<int> _heldLocks = [];

    public void Dispose()
    {
        _heldLocks.ForEach(FileLockNative.Close);
        _cache.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_folder_of_a_live_owner_quiet_for_two_hours_is_kept(bool atRunStart)
    {
        // Another container's run: its PID means nothing here, its lock is all that counts.
        var token = LiveOwner(pid: 999999);
        var folder = Folder(token, TimeSpan.FromHours(2));

        Sweep(atRunStart);

        Directory.Exists(folder).Should().BeTrue("a source build may write nothing for hours while its owner lives");
        File.Exists(RunOwner.FilePath(_cache.Root, token)).Should().BeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_folder_of_a_dead_owner_quiet_for_five_minutes_is_removed_with_its_owner_file(bool atRunStart)
    {
        // This process's PID, which the old rules would take for alive: the lock says otherwise.
        var token = DeadOwner(Environment.ProcessId, TimeSpan.FromMinutes(5));
        var folder = Folder(token, TimeSpan.FromMinutes(5));

        Sweep(atRunStart);

        Directory.Exists(folder).Should().BeFalse();
        File.Exists(RunOwner.FilePath(_cache.Root, token)).Should().BeFalse("no folder names it any more");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_brand_new_folder_of_a_dead_owner_is_kept_for_a_grace_minute(bool atRunStart)
    {
        var token = DeadOwner(999999, TimeSpan.FromMinutes(5));
        var folder = Folder(token, TimeSpan.FromSeconds(20));

        Sweep(atRunStart);

        Directory.Exists(folder).Should().BeTrue();
        File.Exists(RunOwner.FilePath(_cache.Root, token)).Should().BeTrue("a folder still names it");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_orphaned_dead_owner_file_is_removed_but_a_live_or_young_one_is_kept(bool atRunStart)
    {
        var orphan = DeadOwner(999999, TimeSpan.FromMinutes(5));
        var young = DeadOwner(999999, TimeSpan.FromSeconds(10));
        var live = LiveOwner(999999);
        File.SetLastWriteTimeUtc(RunOwner.FilePath(_cache.Root, live), (_now - TimeSpan.FromHours(3)).UtcDateTime);

        Sweep(atRunStart);

        File.Exists(RunOwner.FilePath(_cache.Root, orphan)).Should().BeFalse();
        File.Exists(RunOwner.FilePath(_cache.Root, young)).Should().BeTrue("it may be about to take its lock and make its first folder");
        File.Exists(RunOwner.FilePath(_cache.Root, live)).Should().BeTrue();
    }

    [Fact]
    public void Prune_reports_the_owner_files_it_removes()
    {
        var orphan = DeadOwner(999999, TimeSpan.FromMinutes(5));

        var removed = new CachePruner(_cache.Root, new FixedClock(_now)).Prune(forCi: false, CancellationToken.None);

        removed.Select(removal => removal.Path).Should().Equal($"{EntryLock.Bucket}/{RunOwner.FolderName}/{orphan}{RunOwner.FileSuffix}");
    }

    [Fact]
    public void A_run_start_never_removes_this_process_s_own_folders_or_owner_file()
    {
        var folder = _cache.Root.CreateTempDirectory("built");
        var token = RunOwner.CurrentToken(_cache.Root)!;
        var ownerFile = RunOwner.FilePath(_cache.Root, token);
        Directory.SetLastWriteTimeUtc(folder, (_now - TimeSpan.FromHours(2)).UtcDateTime);
        File.SetLastWriteTimeUtc(ownerFile, (_now - TimeSpan.FromHours(2)).UtcDateTime);

        new CachePruner(_cache.Root, new FixedClock(_now)).RemoveTempOfDeadRuns().Should().Be(0);

        Directory.Exists(folder).Should().BeTrue("a batch's next environment must not take the folder of this process's own long build");
        File.Exists(ownerFile).Should().BeTrue();
    }

    [Fact]
    public void Prune_never_removes_this_process_s_own_owner_file()
    {
        var folder = _cache.Root.CreateTempDirectory("unzip");
        var ownerFile = RunOwner.FilePath(_cache.Root, RunOwner.CurrentToken(_cache.Root)!);
        Directory.Delete(folder);
        File.SetLastWriteTimeUtc(ownerFile, (_now - TimeSpan.FromHours(2)).UtcDateTime);

        Sweep(atRunStart: false);

        File.Exists(ownerFile).Should().BeTrue();
        RunOwner.Probe(_cache.Root, RunOwner.CurrentToken(_cache.Root)!).Should().Be(RunOwnerState.Alive);
    }

    [Fact]
    public void A_folder_whose_owner_file_is_gone_follows_the_old_process_id_rules()
    {
        // A new-style name with a dead PID and no owner file: the old ten-minute rule removes it at a run's start.
        var folder = Folder($"{Guid.NewGuid():N}-{int.MaxValue}", TimeSpan.FromMinutes(20));
        var recent = Folder($"{Guid.NewGuid():N}-{int.MaxValue}", TimeSpan.FromMinutes(5));

        new CachePruner(_cache.Root, new FixedClock(_now)).RemoveTempOfDeadRuns().Should().Be(1);

        Directory.Exists(folder).Should().BeFalse();
        Directory.Exists(recent).Should().BeTrue();
    }

    private void Sweep(bool atRunStart)
    {
        var pruner = new CachePruner(_cache.Root, new FixedClock(_now));
        if (atRunStart)
        {
            pruner.RemoveTempOfDeadRuns();
        }
        else
        {
            pruner.Prune(forCi: false, CancellationToken.None);
        }
    }

    private string Folder(string token, TimeSpan quiet)
    {
        var path = Path.Combine(_cache.Root.Bucket(CacheRoot.TempBucket), RunOwner.TempFolderName("unzip", token));
        Directory.CreateDirectory(path);
        Directory.SetLastWriteTimeUtc(path, (_now - quiet).UtcDateTime);
        return path;
    }

    /// <summary>Another process's owner: flock belongs to the open file description, so holding it here conflicts alike.</summary>
    private string LiveOwner(int pid)
    {
        var token = $"{Guid.NewGuid():N}-{pid}";
        Directory.CreateDirectory(RunOwner.Folder(_cache.Root));
        var descriptor = FileLockNative.OpenForLock(RunOwner.FilePath(_cache.Root, token));
        _heldLocks.Add(descriptor);
        FileLockNative.TryLock(descriptor, exclusive: true).Should().BeTrue();
        return token;
    }

    /// <summary>A killed process's owner: the file is there, its lock went with the process.</summary>
    private string DeadOwner(int pid, TimeSpan age)
    {
        var token = $"{Guid.NewGuid():N}-{pid}";
        Directory.CreateDirectory(RunOwner.Folder(_cache.Root));
        var path = RunOwner.FilePath(_cache.Root, token);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, (_now - age).UtcDateTime);
        return token;
    }
}
