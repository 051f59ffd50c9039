using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 6: kill -9 at many moments never leaves a half-synced environment; a crowd of processes shares one cache.</summary>
public sealed class CrowdAndCrashTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly string[] SetA = ["alpha==1.1", "beta==1.0"];
    private static readonly string[] SetB = ["alpha==2.0", "beta==1.0", "gamma==1.0", "delta==1.0", "Zope.Thing==3.0", "zope.other==1.0"];

    private static Dictionary<string, string> Expected(IEnumerable<string> set) =>
        set.Select(line => line.Split("==")).ToDictionary(parts => parts[0].ToLowerInvariant().Replace('.', '-'), parts => parts[1]);

    private static Dictionary<string, string> Normalized(IReadOnlyDictionary<string, string> listed) =>
        listed.ToDictionary(pair => pair.Key.ToLowerInvariant().Replace('.', '-').Replace('_', '-'), pair => pair.Value);

    [Fact]
    public async Task A_sync_killed_at_any_moment_leaves_the_old_set_or_the_new_one_and_the_cache_whole()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var a = sandbox.WriteRequirements("a.txt", SetA);
        var b = sandbox.WriteRequirements("b.txt", SetB);
        await sandbox.SyncCheckedAsync(a, server);
        // A warm cache makes the sync short, so the kills spread over its install phase rather than its start-up.
        var scratch = sandbox.Combine("scratch");
        await sandbox.CreateVenvAsync(scratch);
        (await sandbox.SyncAsync([b, "-i", server.IndexUrl.AbsoluteUri], environment: null, venv: scratch)).ShouldSucceed();
        var outcomes = new List<string>();

        foreach (var delay in new[] { 60, 120, 180, 240, 300, 360, 450, 600 })
        {
            await DfiProcess.RunAsync(["sync", b, "-i", server.IndexUrl.AbsoluteUri, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache], environment: null,
                whileRunning: async process =>
                {
                    await Task.Delay(delay);
                    process.Kill(entireProcessTree: true);
                });

            (await DfiProcess.RunAsync("repair", "--python", sandbox.Venv)).ShouldSucceed();
            var listed = Normalized(await sandbox.PipListAsync());
            var state = listed.OrderBy(pair => pair.Key).SequenceEqual(Expected(SetA).OrderBy(pair => pair.Key)) ? "old"
                : listed.OrderBy(pair => pair.Key).SequenceEqual(Expected(SetB).OrderBy(pair => pair.Key)) ? "new"
                : null;
            state.Should().NotBeNull($"after a kill at {delay} ms the environment holds the old or the new set, not {string.Join(", ", listed)}");
            outcomes.Add(state!);
            Directory.Exists(Path.Combine(sandbox.Venv, ".dfi-journal")).Should().BeFalse();

            // Back to the old set for the next round, through a normal sync.
            (await sandbox.SyncAsync(a, "-i", server.IndexUrl.AbsoluteUri)).ShouldSucceed();
        }

        await sandbox.PipCheckShouldPassAsync();

        // The cache holds no half-made entry: every wheel tree is complete, and a fresh environment syncs from it.
        foreach (var entry in sandbox.WheelEntries())
        {
            Directory.Exists(Path.Combine(sandbox.WheelsBucket, entry, "tree")).Should().BeTrue();
        }
        var fresh = sandbox.Combine("fresh");
        await sandbox.CreateVenvAsync(fresh);
        (await sandbox.SyncAsync([b, "-i", server.IndexUrl.AbsoluteUri, "--offline"], environment: null, venv: fresh)).ShouldSucceed();
        outcomes.Should().HaveCount(8);
    }

    [Fact]
    public async Task Ten_processes_syncing_eight_environments_two_of_them_twice_share_one_cache()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var b = sandbox.WriteRequirements("b.txt", SetB);
        var venvs = Enumerable.Range(0, 8).Select(index => sandbox.Combine($"env{index}")).ToList();
        await Task.WhenAll(venvs.Select(sandbox.CreateVenvAsync));

        var runs = await Task.WhenAll(venvs.Concat([venvs[0], venvs[1]]).Select(venv =>
            sandbox.SyncAsync([b, "-i", server.IndexUrl.AbsoluteUri], environment: null, venv: venv)));

        foreach (var run in runs)
        {
            run.ShouldSucceed();
        }
        sandbox.WheelEntries().Should().HaveCount(SetB.Length, "each file has one cache entry however many processes unzipped it");
        sandbox.CacheTmpShouldBeEmpty();
        foreach (var venv in venvs)
        {
            Directory.GetDirectories(Path.Combine(venv, "lib", "python3.11", "site-packages"), "*.dist-info").Should().HaveCount(SetB.Length);
        }
        // pip's own view of the two environments that two processes synced at once.
        foreach (var venv in venvs.Take(2))
        {
            var python = Path.Combine(venv, "bin", "python");
            var list = await Pip.RunAsync(python, ["list", "--format", "freeze", "--disable-pip-version-check"]);
            list.ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(SetB.Length);
            (await Pip.RunAsync(python, ["check", "--disable-pip-version-check"])).ShouldSucceed();
        }
    }
}
