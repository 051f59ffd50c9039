using System.Collections.Concurrent;

namespace Dataflow.Installer.Install;

/// <summary>
/// Up to <see cref="Size"/> bytecode workers of one interpreter, each started when first needed and shared by every
/// caller until the pool is disposed. A worker that dies is replaced and its unanswered files are sent once more.
/// </summary>
internal sealed class BytecodeWorkerPool : IDisposable
{
    // Several batches per worker, so a worker that drew the large files does not hold up the end of the run.
    private const int BatchesPerWorker = 4;
    private const int MaxBatch = 100;

    private readonly string _script;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<BytecodeWorker> _idle = [];
    private readonly HashSet<BytecodeWorker> _workers = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="interpreter">The environment's <c>python</c>: bytecode is only valid for the interpreter that wrote it.</param>
    /// <param name="size">Workers at most, at once.</param>
    /// <param name="script">The worker's Python source; tests give a variant that dies on cue.</param>
    public BytecodeWorkerPool(string interpreter, int size, string? script = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Interpreter = interpreter;
        Size = size;
        _script = script ?? BytecodeWorkerScript.Source;
        _slots = new SemaphoreSlim(size, size);
    }

    public string Interpreter { get; }

    public int Size { get; }

    /// <summary>The process ids of the workers running now.</summary>
    public IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (_gate)
            {
                return _workers.Where(worker => worker.IsAlive).Select(worker => worker.ProcessId).ToList();
            }
        }
    }

    /// <summary>The interpreter's <c>sys.implementation.cache_tag</c>, asked of a worker (started if none runs yet).</summary>
    /// <exception cref="BytecodeException">No worker could be started.</exception>
    public async Task<string> CacheTagAsync(CancellationToken cancellationToken)
    {
        var worker = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        Release(worker);
        return worker.CacheTag;
    }

    /// <summary>Compiles every source, in batches spread over the workers; one result per source, in order.</summary>
    /// <exception cref="BytecodeException">No worker could be started.</exception>
    public async Task<IReadOnlyList<BytecodeResult>> CompileAsync(IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var errors = new string?[sources.Count];
        var sendable = new List<int>(sources.Count);
        for (var index = 0; index < sources.Count; index++)
        {
            // The protocol is one path per line.
            if (sources[index].Contains('\n', StringComparison.Ordinal))
            {
                errors[index] = "its name holds a line break";
            }
            else
            {
                sendable.Add(index);
            }
        }
        var batchSize = Math.Clamp(sendable.Count / (Size * BatchesPerWorker), 1, MaxBatch);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Size, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(sendable.Chunk(batchSize), parallel, async (batch, token) =>
            await CompileBatchAsync(sources, batch, errors, token).ConfigureAwait(false)).ConfigureAwait(false);
        return sources.Select((source, index) => new BytecodeResult(source, errors[index])).ToList();
    }

    private async Task CompileBatchAsync(IReadOnlyList<string> sources, int[] batch, string?[] errors, CancellationToken cancellationToken)
    {
        var done = 0;
        for (var attempt = 1; done < batch.Length; attempt++)
        {
            var worker = await AcquireAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string?> answers;
            string? death = null;
            try
            {
                answers = await worker.CompileAsync(batch[done..].Select(index => sources[index]).ToList(), cancellationToken).ConfigureAwait(false);
                if (!worker.IsAlive)
                {
                    death = await worker.DescribeExitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Release(worker);
            }
            foreach (var answer in answers)
            {
                errors[batch[done++]] = answer;
            }
            if (death is not null && attempt == 2)
            {
                // Died twice on these files: most likely one of them crashes the compiler, so they are given up on.
                for (; done < batch.Length; done++)
                {
                    errors[batch[done]] = $"the python process compiling it died ({death})";
                }
            }
        }
    }

    private async Task<BytecodeWorker> AcquireAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_idle.TryTake(out var idle))
            {
                if (idle.IsAlive)
                {
                    return idle;
                }
                // Died while idle (killed from outside): replaced by a fresh one below.
                Forget(idle);
            }
            var worker = await BytecodeWorker.StartAsync(Interpreter, _script, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_disposed)
                {
                    worker.Dispose();
                    throw new ObjectDisposedException(nameof(BytecodeWorkerPool));
                }
                _workers.Add(worker);
            }
            return worker;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private void Release(BytecodeWorker worker)
    {
        if (worker.IsAlive)
        {
            _idle.Add(worker);
        }
        else
        {
            Forget(worker);
        }
        _slots.Release();
    }

    private void Forget(BytecodeWorker worker)
    {
        lock (_gate)
        {
            _workers.Remove(worker);
        }
        worker.Dispose();
    }

    /// <summary>Ends every worker (they exit when their stdin closes; stragglers are killed). None is left behind.</summary>
    public void Dispose()
    {
        List<BytecodeWorker> workers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            workers = [.. _workers];
            _workers.Clear();
        }
        foreach (var worker in workers)
        {
            worker.Dispose();
        }
        _slots.Dispose();
    }
}
