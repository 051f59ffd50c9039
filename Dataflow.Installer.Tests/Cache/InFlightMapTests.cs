using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Tests.Cache;

/// <summary>The in-flight map that makes work shared between environments (the same wheel twice) run once.</summary>
public sealed class InFlightMapTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Concurrent_callers_for_one_key_share_one_run()
    {
        var map = new InFlightMap<string, int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<int> Work()
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return 42;
        }

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() => map.GetOrRunAsync("alpha", Work), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)).ToList();
        var tasks = await Task.WhenAll(callers).WaitAsync(Patience);
        gate.SetResult();
        var results = await Task.WhenAll(tasks).WaitAsync(Patience);

        results.Should().AllBeEquivalentTo(42);
        runs.Should().Be(1);
        tasks.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task A_finished_run_is_reused_by_later_callers()
    {
        var map = new InFlightMap<string, int>();
        var runs = 0;

        var first = await map.GetOrRunAsync("alpha", () => Task.FromResult(Interlocked.Increment(ref runs))).WaitAsync(Patience);
        var second = await map.GetOrRunAsync("alpha", () => Task.FromResult(Interlocked.Increment(ref runs))).WaitAsync(Patience);

        first.Should().Be(1);
        second.Should().Be(1);
        runs.Should().Be(1);
    }

    [Fact]
    public async Task Different_keys_run_separately()
    {
        var map = new InFlightMap<string, string>();

        var alpha = await map.GetOrRunAsync("alpha", () => Task.FromResult("a")).WaitAsync(Patience);
        var beta = await map.GetOrRunAsync("beta", () => Task.FromResult("b")).WaitAsync(Patience);

        (alpha, beta).Should().Be(("a", "b"));
    }

    [Fact]
    public async Task Keys_are_compared_with_the_given_comparer()
    {
        var map = new InFlightMap<string, int>(StringComparer.OrdinalIgnoreCase);
        var runs = 0;

        await map.GetOrRunAsync("Alpha", () => Task.FromResult(Interlocked.Increment(ref runs))).WaitAsync(Patience);
        await map.GetOrRunAsync("alpha", () => Task.FromResult(Interlocked.Increment(ref runs))).WaitAsync(Patience);

        runs.Should().Be(1);
    }

    [Fact]
    public async Task A_failure_is_not_cached_so_a_later_caller_runs_the_work_again()
    {
        var map = new InFlightMap<string, int>();
        var runs = 0;

        var failing = () => map.GetOrRunAsync("alpha", () =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromException<int>(new IOException("disk full"));
        }).WaitAsync(Patience);
        await failing.Should().ThrowAsync<IOException>().WithMessage("disk full");

        var retried = await map.GetOrRunAsync("alpha", () =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(7);
        }).WaitAsync(Patience);

        retried.Should().Be(7);
        runs.Should().Be(2);
    }

    [Fact]
    public async Task Callers_waiting_on_a_failed_run_all_see_its_error()
    {
        var map = new InFlightMap<string, int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<int> Work()
        {
            await gate.Task;
            throw new InvalidOperationException("broken wheel");
        }

        var first = map.GetOrRunAsync("alpha", Work);
        var second = map.GetOrRunAsync("alpha", Work);
        gate.SetResult();

        await first.Awaiting(task => task.WaitAsync(Patience)).Should().ThrowAsync<InvalidOperationException>();
        await second.Awaiting(task => task.WaitAsync(Patience)).Should().ThrowAsync<InvalidOperationException>();
        second.Should().BeSameAs(first);
    }
}
