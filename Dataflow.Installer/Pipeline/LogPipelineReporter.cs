using Serilog;

namespace Dataflow.Installer.Pipeline;

/// <summary>Progress as log lines (one per finished stage with <c>-v</c>), for runs without a terminal display.</summary>
internal sealed class LogPipelineReporter(ILogger log) : IPipelineReporter
{
    public void ArtifactsPlanned(IReadOnlyList<DistributionArtifact> artifacts) =>
        log.Information("Preparing {Count} distributions", artifacts.Count);

    public void StageCompleted(ArtifactJob job, PipelineStage stage)
    {
        if (stage == PipelineStage.Download && job.CacheHit)
        {
            log.Information("{Distribution}: in the cache", job.Artifact.Display);
            return;
        }
        log.Information("{Distribution}: {Stage} done in {Seconds:0.000}s", job.Artifact.Display, stage.ToString().ToLowerInvariant(), job.Seconds.GetValueOrDefault(stage));
    }

    public void EnvironmentCompleted(EnvironmentResult result) =>
        log.Debug("{Environment}: {Installed} installed, {Removed} removed, {Failures} failures", result.Plan.Name, result.Installed.Count, result.Removed.Count, result.Failures.Count);
}
