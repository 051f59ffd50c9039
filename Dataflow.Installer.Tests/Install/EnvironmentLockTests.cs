using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

public sealed class EnvironmentLockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_second_lock_on_one_environment_says_it_waits_and_gets_it_once_the_first_is_released()
    {
        using var folder = new TemporaryDirectory();
        var first = await EnvironmentLock.AcquireAsync(folder.Path, _ => { }, CancellationToken.None);
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var messages = 0;

        var second = EnvironmentLock.AcquireAsync(folder.Path, message => { Interlocked.Increment(ref messages); waiting.TrySetResult(message); }, CancellationToken.None);
        (await waiting.Task.WaitAsync(Patience)).Should().Contain("Waiting for another dfi run");
        second.IsCompleted.Should().BeFalse("the first lock is still held");
        first.Dispose();

        using var acquired = await second.WaitAsync(Patience);
        messages.Should().Be(1, "the wait is logged once, not on every poll");
    }

    [Fact]
    public async Task Locks_on_two_environments_do_not_wait_for_each_other()
    {
        using var one = new TemporaryDirectory();
        using var two = new TemporaryDirectory();
        var waited = false;

        using var first = await EnvironmentLock.AcquireAsync(one.Path, _ => waited = true, CancellationToken.None);
        using var second = await EnvironmentLock.AcquireAsync(two.Path, _ => waited = true, CancellationToken.None);

        waited.Should().BeFalse();
    }

    [Fact]
    public async Task Waiting_for_a_lock_stops_when_the_run_is_cancelled()
    {
        using var folder = new TemporaryDirectory();
        using var first = await EnvironmentLock.AcquireAsync(folder.Path, _ => { }, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var second = EnvironmentLock.AcquireAsync(folder.Path, _ => waiting.TrySetResult(), cancellation.Token);
        await waiting.Task.WaitAsync(Patience);
        await cancellation.CancelAsync();

        await second.Invoking(task => task.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
    }
}
