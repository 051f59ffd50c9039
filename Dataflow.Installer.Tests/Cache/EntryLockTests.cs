using Dataflow.Installer.Cache;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Cache;

public sealed class EntryLockTests : IDisposable
{
    private static readonly string Sha = new('a', 64);
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_second_holder_of_one_entry_waits_until_the_first_lets_go_while_other_entries_do_not_wait()
    {
        var cache = new CacheRoot(_folder.Combine("cache"));
        var first = EntryLock.Acquire(cache, Sha, CancellationToken.None);

        var second = Task.Run(() => EntryLock.Acquire(cache, Sha, CancellationToken.None));
        using (EntryLock.Acquire(cache, new string('b', 64), CancellationToken.None))
        {
            // Another entry's lock is free at once, while the same entry's is still held.
        }
        await Task.Delay(200);
        second.IsCompleted.Should().BeFalse("the entry is still locked by the first holder");

        first.Dispose();
        using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(10));
        File.Exists(Path.Combine(cache.Path, EntryLock.Bucket, "aa", Sha + ".lock")).Should().BeTrue();
    }

    [Fact]
    public async Task Waiting_for_an_entry_lock_can_be_cancelled()
    {
        var cache = new CacheRoot(_folder.Combine("cache"));
        using var held = EntryLock.Acquire(cache, Sha, CancellationToken.None);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var waiting = () => Task.Run(() => EntryLock.Acquire(cache, Sha, cancellation.Token));

        await waiting.Should().ThrowAsync<OperationCanceledException>();
    }
}
