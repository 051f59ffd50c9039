using System.Collections.Concurrent;

namespace Dataflow.Installer.Pipeline;

/// <summary>
/// Runs the work for a key once however many requests ask for it concurrently: the first caller starts it,
/// later callers await the same task. A failed task is forgotten so a later run can try again.
/// </summary>
internal sealed class InFlightMap<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _tasks;

    public InFlightMap(IEqualityComparer<TKey>? comparer = null) => _tasks = new ConcurrentDictionary<TKey, Lazy<Task<TValue>>>(comparer);

    public Task<TValue> GetOrRunAsync(TKey key, Func<Task<TValue>> work)
    {
        // Lazy makes sure the factory runs once even when GetOrAdd races and constructs two wrappers.
        var lazy = _tasks.GetOrAdd(key, _ => new Lazy<Task<TValue>>(() => Task.Run(work), LazyThreadSafetyMode.ExecutionAndPublication));
        var task = lazy.Value;
        _ = task.ContinueWith(
            completed => { if (!completed.IsCompletedSuccessfully) { _tasks.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, lazy)); } },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }
}
