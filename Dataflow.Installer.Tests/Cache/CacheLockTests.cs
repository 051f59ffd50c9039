using System.Diagnostics;
using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Tests.Cache;

public sealed class CacheLockTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PopulatedCache _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void Two_shared_locks_are_held_at_once()
    {
        using var first = CacheLock.AcquireShared(_cache.Root, TimeSpan.Zero, CancellationToken.None);
        using var second = CacheLock.AcquireShared(_cache.Root, TimeSpan.Zero, CancellationToken.None);

        first.IsExclusive.Should().BeFalse();
        second.IsExclusive.Should().BeFalse();
    }

    [Fact]
    public void An_exclusive_lock_times_out_with_a_clear_message_while_a_shared_one_is_held()
    {
        using var shared = CacheLock.AcquireShared(_cache.Root, TimeSpan.Zero, CancellationToken.None);

        var exclusive = () => CacheLock.AcquireExclusive(_cache.Root, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        exclusive.Should().Throw<CacheLockException>()
            .WithMessage($"The cache {_cache.Root.Path} is in use by another dfi process; retry later or pass --lock-timeout*");
    }

    [Fact]
    public void A_shared_lock_is_refused_while_an_exclusive_one_is_held_and_granted_after()
    {
        var exclusive = CacheLock.AcquireExclusive(_cache.Root, TimeSpan.Zero, CancellationToken.None);

        var shared = () => CacheLock.AcquireShared(_cache.Root, TimeSpan.Zero, CancellationToken.None);
        shared.Should().Throw<CacheLockException>();
        exclusive.Dispose();

        using var granted = shared();
        granted.IsExclusive.Should().BeFalse();
    }

    [Fact]
    public async Task An_exclusive_lock_waits_for_the_shared_holder_to_leave()
    {
        var shared = CacheLock.AcquireShared(_cache.Root, TimeSpan.Zero, CancellationToken.None);
        var waiting = Task.Run(() => CacheLock.AcquireExclusive(_cache.Root, Deadline, CancellationToken.None));

        shared.Dispose();

        using var exclusive = await waiting.WaitAsync(Deadline);
        exclusive.IsExclusive.Should().BeTrue();
    }

    [Fact]
    public async Task Waiting_for_the_lock_stops_when_the_run_is_cancelled()
    {
        using var exclusive = CacheLock.AcquireExclusive(_cache.Root, TimeSpan.Zero, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var waiting = Task.Run(() => CacheLock.AcquireShared(_cache.Root, TimeSpan.FromHours(1), cancellation.Token));

        await cancellation.CancelAsync();

        await waiting.Awaiting(task => task.WaitAsync(Deadline)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task A_lock_held_by_another_process_blocks_an_exclusive_lock_until_it_exits()
    {
        var lockFile = Path.Combine(_cache.Root.Path, CacheLock.FileName);
        // flock(1) from util-linux holds a shared lock on the same file until its stdin closes.
        var start = new ProcessStartInfo("flock", ["-s", lockFile, "-c", "echo locked; read line"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var holder = Process.Start(start)!;
        (await holder.StandardOutput.ReadLineAsync().WaitAsync(Deadline)).Should().Be("locked");

        var exclusive = () => CacheLock.AcquireExclusive(_cache.Root, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        exclusive.Should().Throw<CacheLockException>();
        CacheLock.AcquireShared(_cache.Root, TimeSpan.Zero, CancellationToken.None).Dispose();

        holder.StandardInput.Close();
        await holder.WaitForExitAsync().WaitAsync(Deadline);

        using var granted = CacheLock.AcquireExclusive(_cache.Root, TimeSpan.Zero, CancellationToken.None);
        granted.IsExclusive.Should().BeTrue();
    }
}
