namespace Dataflow.Installer.Pipeline;

/// <summary>
/// Counts, per environment, the files still being prepared, and releases an environment to the install
/// block once all of its files are ready, or reports it failed when one of them failed.
/// Not thread-safe: the gather block calls it one job at a time.
/// </summary>
internal sealed class EnvironmentGatherer
{
    private readonly Dictionary<EnvironmentPlan, HashSet<string>> _pending = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<EnvironmentPlan>> _waiting = new(StringComparer.Ordinal);
    private readonly HashSet<EnvironmentPlan> _failed = new(ReferenceEqualityComparer.Instance);
    public EnvironmentGatherer(IReadOnlyList<EnvironmentPlan> plans)
    {
        var ready = new List<EnvironmentPlan>();
        foreach (var plan in plans)
        {
            var keys = plan.Installs.Select(install => install.Artifact.Key).ToHashSet(StringComparer.Ordinal);
            if (keys.Count == 0)
            {
                ready.Add(plan);
                continue;
            }
            _pending[plan] = keys;
            foreach (var key in keys)
            {
                if (!_waiting.TryGetValue(key, out var list))
                {
                    _waiting[key] = list = [];
                }
                list.Add(plan);
            }
        }
        ReadyAtStart = ready;
    }

    /// <summary>Environments with nothing to prepare.</summary>
    public IReadOnlyList<EnvironmentPlan> ReadyAtStart { get; }

    /// <summary>Records a prepared (or failed) file and returns what that changed.</summary>
    public (IReadOnlyList<EnvironmentPlan> Ready, IReadOnlyList<EnvironmentResult> Failed) Add(ArtifactJob job)
    {
        var ready = new List<EnvironmentPlan>();
        var failed = new List<EnvironmentResult>();
        if (!_waiting.TryGetValue(job.Artifact.Key, out var plans))
        {
            return (ready, failed);
        }
        foreach (var plan in plans)
        {
            if (_failed.Contains(plan))
            {
                continue;
            }
            if (job.Failure is { } failure)
            {
                _failed.Add(plan);
                failed.Add(EnvironmentResult.Failed(plan, [failure]));
                continue;
            }
            var pending = _pending[plan];
            pending.Remove(job.Artifact.Key);
            if (pending.Count == 0)
            {
                ready.Add(plan);
            }
        }
        return (ready, failed);
    }
}
