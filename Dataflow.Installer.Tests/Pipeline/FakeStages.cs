using System.Collections.Concurrent;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Tests.Pipeline;

/// <summary>Stages that do no real work: each can be gated, failed, and counted, to test the graph alone.</summary>
internal sealed class FakeStages : IPipelineStages
{
    private int _downloadsRunning;
    private int _unzipsRunning;

    public ConcurrentQueue<string> Downloaded { get; } = new();

    public ConcurrentQueue<string> Built { get; } = new();

    public ConcurrentQueue<string> Unzipped { get; } = new();

    public ConcurrentQueue<string> InstalledEnvironments { get; } = new();

    public int DownloadHighWater;

    public int UnzipHighWater;

    /// <summary>Released once by every download as it starts.</summary>
    public SemaphoreSlim DownloadsStarted { get; } = new(0);

    /// <summary>When set, every download waits for it.</summary>
    public TaskCompletionSource? DownloadGate { get; set; }

    /// <summary>Downloads of these file names throw.</summary>
    public HashSet<string> FailDownloads { get; } = new(StringComparer.Ordinal);

    public HashSet<string> FailUnzips { get; } = new(StringComparer.Ordinal);

    public HashSet<string> CacheHits { get; } = new(StringComparer.Ordinal);

    public async Task<ArtifactJob> DownloadAsync(ArtifactJob job, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _downloadsRunning);
        InterlockedMax(ref DownloadHighWater, running);
        DownloadsStarted.Release();
        try
        {
            if (DownloadGate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            if (FailDownloads.Contains(job.Artifact.Filename))
            {
                throw new DownloadException($"{job.Artifact.Filename} answered 404 Not Found");
            }
            if (CacheHits.Contains(job.Artifact.Filename))
            {
                return job with { Entry = CacheEntry.At("hit", "/cache/hit"), CacheHit = true };
            }
            Downloaded.Enqueue(job.Artifact.Filename);
            return job with { Archive = new DownloadedArchive("/scratch/" + job.Artifact.Filename, "sha-" + job.Artifact.Filename, 1, true) };
        }
        finally
        {
            Interlocked.Decrement(ref _downloadsRunning);
        }
    }

    public Task<ArtifactJob> BuildAsync(ArtifactJob job, CancellationToken cancellationToken)
    {
        Built.Enqueue(job.Artifact.Filename);
        return Task.FromResult(job with { Archive = job.Archive! with { Path = job.Archive.Path + ".whl" } });
    }

    public async Task<ArtifactJob> UnzipAsync(ArtifactJob job, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _unzipsRunning);
        InterlockedMax(ref UnzipHighWater, running);
        try
        {
            await Task.Yield();
            if (FailUnzips.Contains(job.Artifact.Filename))
            {
                throw new InvalidDataException($"{job.Artifact.Filename} is corrupt");
            }
            Unzipped.Enqueue(job.Artifact.Filename);
            return job with { Entry = CacheEntry.At(job.Archive!.Sha256, "/cache/" + job.Archive.Sha256) };
        }
        finally
        {
            Interlocked.Decrement(ref _unzipsRunning);
        }
    }

    public Task<EnvironmentResult> InstallAsync(EnvironmentPlan plan, IReadOnlyDictionary<string, ArtifactJob> prepared, CancellationToken cancellationToken)
    {
        InstalledEnvironments.Enqueue(plan.Name);
        var installed = plan.Installs
            .Select(install => new InstalledDistribution(install.Artifact.Name.Normalized, install.Artifact.Version, prepared[install.Artifact.Key].Entry!.Tree))
            .ToList();
        return Task.FromResult(new EnvironmentResult(plan, installed, plan.Removals, []));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
