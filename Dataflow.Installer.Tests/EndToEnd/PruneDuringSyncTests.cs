using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 5: `dfi cache prune` while a sync uses the cache waits for it, and both succeed.</summary>
public sealed class PruneDuringSyncTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string Slow = "alpha-2.0-py3-none-any.whl";

    [Fact]
    public async Task Prune_waits_for_a_running_sync_and_then_both_succeed()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        server.Fault[Slow] = TestIndexFault.SlowBody;
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");
        ProcessResult? prune = null;

        var second = sandbox.Combine("second");
        await sandbox.CreateVenvAsync(second);
        var cache2 = sandbox.Combine("cache2");
        var racing = await DfiProcess.RunAsync(
            ["sync", requirements, "-i", server.IndexUrl.AbsoluteUri, "--python", second, "--cache-dir", cache2],
            environment: null,
            whileRunning: async _ =>
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await server.WaitForRequestsAsync(Slow, 1, deadline.Token);
                var pruning = DfiProcess.RunAsync("cache", "prune", "--cache-dir", cache2, "--lock-timeout", "60");
                await Task.Delay(500);
                pruning.IsCompleted.Should().BeFalse("prune waits for the sync's shared lock");
                server.ReleaseSlowBodies();
                prune = await pruning;
            });

        racing.ShouldSucceed();
        prune!.ShouldSucceed();
        Directory.GetDirectories(Path.Combine(cache2, "wheels-v1")).Should().HaveCount(2, "prune keeps the entries the sync made");
        (await ChildProcess.RunAsync(Path.Combine(second, "bin", "python"), ["-c", "import alpha, beta"])).ShouldSucceed();
    }
}
