using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;

namespace Dataflow.Installer.Pipeline;

/// <summary>One distinct file travelling through download, build and unzip, collecting what each stage made.</summary>
public sealed record ArtifactJob(DistributionArtifact Artifact)
{
    /// <summary>The archive on disk, once downloaded (or built, for a source distribution).</summary>
    public DownloadedArchive? Archive { get; init; }

    /// <summary>The unzipped wheel in the cache; set early when the cache already had it.</summary>
    public CacheEntry? Entry { get; init; }

    /// <summary>Set when a stage failed for this file; later stages pass the job through untouched.</summary>
    public StageFailure? Failure { get; init; }

    /// <summary>True when the file was already unzipped in the cache and nothing was fetched.</summary>
    public bool CacheHit { get; init; }

    /// <summary>True for a source distribution whose wheel was built, now or by an earlier run.</summary>
    public bool IsBuilt { get; init; }

    /// <summary>For a git requirement: the run's clone, which the build stage builds and removes.</summary>
    public string? Checkout { get; init; }

    /// <summary>For a git requirement: the commit cloned, or named by the requirement, that the install records.</summary>
    public string? Commit { get; init; }

    /// <summary>Seconds spent in each stage, for reports.</summary>
    public IReadOnlyDictionary<PipelineStage, double> Seconds { get; init; } = new Dictionary<PipelineStage, double>();

    public ArtifactJob WithSeconds(PipelineStage stage, double seconds) =>
        this with { Seconds = new Dictionary<PipelineStage, double>(Seconds) { [stage] = seconds } };
}
