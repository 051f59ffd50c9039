using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 6, bad input: an environment or a cache on a read-only filesystem is a clear error, and nothing changes.</summary>
public sealed class ReadOnlyDiskTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const long MountSize = 64L << 20;

    [TmpfsFact]
    public async Task A_sync_into_an_environment_on_a_read_only_filesystem_fails_with_a_sentence_and_changes_nothing()
    {
        await using var disk = await TmpfsMount.MountAsync(MountSize);
        using var sandbox = await SyncSandbox.CreateAsync(disk.Combine("venv"));
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", "alpha==1.0", "beta==1.0"), server);
        var before = await sandbox.SnapshotVenvAsync();
        await disk.RemountAsync(readOnly: true);
        try
        {
            var sync = await sandbox.SyncAsync(sandbox.WriteRequirements("b.txt", "alpha==2.0", "gamma==1.0"), "-i", server.IndexUrl.AbsoluteUri);

            sync.ExitCode.Should().Be(1, sync.ToString());
            sync.Stderr.Should().Contain("Read-only file system").And.Contain(sandbox.Venv)
                .And.NotContain("   at ", "a read-only disk is the user's situation, not a crash");
            (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
            (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        }
        finally
        {
            await disk.RemountAsync(readOnly: false);
        }
        Directory.Exists(Path.Combine(sandbox.Venv, EnvironmentJournal.FolderName)).Should().BeFalse();
    }

    [TmpfsFact]
    public async Task A_cache_on_a_read_only_filesystem_is_a_clear_error_before_anything_is_installed()
    {
        await using var disk = await TmpfsMount.MountAsync(MountSize);
        using var sandbox = await SyncSandbox.CreateAsync(cache: disk.Combine("cache"));
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", "alpha==1.0"), server);
        var before = await sandbox.SnapshotVenvAsync();
        await disk.RemountAsync(readOnly: true);
        try
        {
            var sync = await sandbox.SyncAsync(sandbox.WriteRequirements("b.txt", "alpha==2.0", "gamma==1.0"), "-i", server.IndexUrl.AbsoluteUri);

            sync.ExitCode.Should().Be(1, sync.ToString());
            sync.Stderr.Should().Contain("Read-only file system").And.Contain(sandbox.Cache)
                .And.NotContain("   at ");
            (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        }
        finally
        {
            await disk.RemountAsync(readOnly: false);
        }
    }
}
