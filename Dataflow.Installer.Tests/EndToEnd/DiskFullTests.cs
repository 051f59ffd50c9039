using System.Text.RegularExpressions;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 6, ENOSPC: a sync that runs out of space stops with a sentence naming what it was writing, and leaves the environment and the cache as they were.</summary>
public sealed class DiskFullTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const long MountSize = 4L << 20;
    private static readonly string[] SetA = ["alpha==1.0", "beta==1.0"];
    private static readonly string[] SetB = ["alpha==2.0", "beta==1.0", "delta==1.0", "gamma==1.0", "Zope.Thing==3.0", "zope.other==1.0", "epsilon==1.0"];

    [TmpfsFact]
    public async Task A_sync_onto_a_full_disk_fails_naming_the_environment_and_leaves_it_exactly_as_it_was()
    {
        await using var disk = await TmpfsMount.MountAsync(MountSize);
        using var sandbox = await SyncSandbox.CreateAsync(disk.Combine("venv"));
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", SetA), server);
        var before = await sandbox.SnapshotVenvAsync();
        // Room for the journal and its rollback count, not for the new files.
        await disk.FillAsync(leftBytes: 12 * 1024);

        var sync = await sandbox.SyncAsync(sandbox.WriteRequirements("b.txt", SetB), "-i", server.IndexUrl.AbsoluteUri);

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().MatchRegex($"No space left on device while writing (into )?{Regex.Escape(sandbox.Venv)}")
            .And.Contain("the environment was not changed")
            .And.NotContain("   at ", "a full disk is a user's error, not a crash with a stack trace");
        await ShouldBeUnchangedAsync(sandbox, before);
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();

        disk.Free();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("b.txt", SetB), server);
        (await sandbox.PipListAsync()).Keys.Should().BeEquivalentTo("alpha", "beta", "delta", "gamma", "Zope.Thing", "zope.other", "epsilon");
        await sandbox.PipCheckShouldPassAsync();
    }

    [TmpfsFact]
    public async Task A_sync_whose_cache_is_on_a_full_disk_fails_cleanly_with_no_half_made_cache_entry()
    {
        await using var disk = await TmpfsMount.MountAsync(MountSize);
        using var sandbox = await SyncSandbox.CreateAsync(cache: disk.Combine("cache"));
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", SetA), server);
        var venvBefore = await sandbox.SnapshotVenvAsync();
        var entriesBefore = sandbox.WheelEntries();
        var wheelsBefore = await sandbox.SnapshotWheelsAsync();
        await disk.FillAsync(leftBytes: 8 * 1024);
        var setB = sandbox.WriteRequirements("b.txt", SetB);

        // From a folder, the unzips into the cache run out of space; from the index, already the cached index pages do.
        foreach (var source in new[] { new[] { "--no-index", "-f", wheels.Folder }, ["-i", server.IndexUrl.AbsoluteUri] })
        {
            var sync = await sandbox.SyncAsync([setB, .. source], environment: null);

            sync.ExitCode.Should().Be(1, sync.ToString());
            sync.Stderr.Should().MatchRegex($"No space left on device while writing (into )?{Regex.Escape(sandbox.Cache)}")
                .And.NotContain("   at ", "a full disk is a user's error, not a crash with a stack trace");
            await ShouldBeUnchangedAsync(sandbox, venvBefore);
            sandbox.CacheTmpShouldBeEmpty();
            Directory.EnumerateFiles(sandbox.Cache, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty("no partial file is left anywhere in the cache");
            sandbox.WheelEntries().Should().Equal(entriesBefore, "an entry is published whole or not at all");
            (await sandbox.SnapshotWheelsAsync()).ShouldBeUnchangedSince(wheelsBefore, ignoreLinkCounts: true);
        }

        disk.Free();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("b.txt", SetB), server);
        await sandbox.PipCheckShouldPassAsync();
        sandbox.CacheTmpShouldBeEmpty();
    }

    private static async Task ShouldBeUnchangedAsync(SyncSandbox sandbox, TreeSnapshot before)
    {
        var after = await sandbox.SnapshotVenvAsync();
        after.WithoutFolders().ShouldBeUnchangedSince(before.WithoutFolders(), because: "the rollback moves the very files back");
        after.FolderPaths.Should().Equal(before.FolderPaths);
        Directory.Exists(Path.Combine(sandbox.Venv, EnvironmentJournal.FolderName)).Should().BeFalse("no journal or stash is left behind");
    }
}
