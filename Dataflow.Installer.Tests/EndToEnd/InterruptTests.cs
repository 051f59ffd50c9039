using System.Diagnostics;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// Issue 6, Ctrl+C and SIGTERM in the middle of an environment's install (some distributions linked, others not):
/// the run stops at once, rolls the environment back and exits with the signal's code.
/// </summary>
public sealed class InterruptTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] SetA = ["alpha==1.0", "beta==1.0"];
    private static readonly string[] SetB = ["alpha==2.0", "beta==1.0", "delta==1.0", "Zope.Thing==3.0", "zope.other==1.0"];

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_during_an_install_rolls_the_environment_back_and_exits_with_the_signals_code(string signal, int exitCode)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", SetA), server);
        var before = await sandbox.SnapshotVenvAsync();
        var fifo = await MakeFifoAsync(sandbox.Combine("pause"));

        var sync = await DfiProcess.RunInterruptibleAsync(
            ["sync", sandbox.WriteRequirements("b.txt", SetB), "-i", server.IndexUrl.AbsoluteUri, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache],
            new Dictionary<string, string?> { [TestHooks.PauseWhileInstallingVariable] = fifo },
            whileRunning: process => SignalWhenPausedAsync(process, fifo, signal));

        sync.ExitCode.Should().Be(exitCode, sync.ToString());
        sync.Stderr.Should().Contain("Stopped.").And.NotContain("   at ");
        var after = await sandbox.SnapshotVenvAsync();
        after.WithoutFolders().ShouldBeUnchangedSince(before.WithoutFolders(), because: "the rollback moves the very files of set A back");
        after.FolderPaths.Should().Equal(before.FolderPaths);
        Directory.Exists(Path.Combine(sandbox.Venv, EnvironmentJournal.FolderName)).Should().BeFalse("the run rolled back itself, leaving nothing to repair");
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task An_interrupted_batch_leaves_each_environment_with_its_old_set_or_its_new_one()
    {
        using var workspace = new BatchWorkspace();
        await using var server = wheels.StartServer();
        string[] names = ["one", "two", "three"];
        workspace.WriteManifest(names.ToDictionary(name => name, _ => SetA));
        (await workspace.BatchAsync(server)).ShouldSucceed();
        workspace.WriteManifest(names.ToDictionary(name => name, _ => SetB));
        var fifo = await MakeFifoAsync(workspace.Combine("pause"));

        var batch = await DfiProcess.RunInterruptibleAsync(
            ["batch", workspace.Manifest, "-i", server.IndexUrl.AbsoluteUri, "--cache-dir", workspace.Cache],
            new Dictionary<string, string?> { [TestHooks.PauseWhileInstallingVariable] = fifo },
            whileRunning: process => SignalWhenPausedAsync(process, fifo, "INT"));

        batch.ExitCode.Should().Be(130, batch.ToString());
        var oldSet = new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" };
        var newSet = new Dictionary<string, string> { ["alpha"] = "2.0", ["beta"] = "1.0", ["delta"] = "1.0", ["Zope.Thing"] = "3.0", ["zope.other"] = "1.0" };
        var rolledBack = 0;
        foreach (var name in names)
        {
            var listed = await workspace.PipListAsync(name);
            listed.Should().Match<IReadOnlyDictionary<string, string>>(
                set => SameSet(set, oldSet) || SameSet(set, newSet), $"envs/{name} is either old or new, never between: {string.Join(", ", listed)}");
            rolledBack += SameSet(listed, oldSet) ? 1 : 0;
            Directory.Exists(Path.Combine(workspace.EnvironmentPath(name), EnvironmentJournal.FolderName)).Should().BeFalse();
            (await workspace.PipAsync(name, "check")).ShouldSucceed();
        }
        rolledBack.Should().BePositive("the environment paused mid-install was rolled back");
    }

    private static bool SameSet(IReadOnlyDictionary<string, string> listed, Dictionary<string, string> expected) =>
        listed.Count == expected.Count && expected.All(pair => listed.TryGetValue(pair.Key, out var version) && version == pair.Value);

    /// <summary>Waits for the run to reach the hook (it writes "paused" to the FIFO), then sends it <paramref name="signal"/>.</summary>
    private static async Task SignalWhenPausedAsync(Process process, string fifo, string signal)
    {
        (await File.ReadAllTextAsync(fifo).WaitAsync(Patience)).Should().Be("paused\n");
        (await ChildProcess.RunAsync("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ShouldSucceed();
    }

    private static async Task<string> MakeFifoAsync(string path)
    {
        (await ChildProcess.RunAsync("mkfifo", [path])).ShouldSucceed();
        return path;
    }
}
