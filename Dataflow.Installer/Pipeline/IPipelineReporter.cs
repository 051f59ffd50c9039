namespace Dataflow.Installer.Pipeline;

/// <summary>Hears about progress, for people waiting (a live display, or log lines on a non-terminal).</summary>
/// <remarks>Called from the pipeline's blocks concurrently; an implementation must be thread-safe and quick.</remarks>
internal interface IPipelineReporter
{
    /// <summary>The run's environments, before any file is fetched.</summary>
    void EnvironmentsPlanned(IReadOnlyList<EnvironmentPlan> plans)
    {
    }

    /// <summary>Every distinct file the run prepares, largest first.</summary>
    void ArtifactsPlanned(IReadOnlyList<DistributionArtifact> artifacts);

    /// <summary>A file enters a stage (download, build or unzip).</summary>
    void StageStarted(ArtifactJob job, PipelineStage stage)
    {
    }

    void StageCompleted(ArtifactJob job, PipelineStage stage);

    /// <summary>A file's stage failed (or was stopped); the job goes on carrying <paramref name="failure"/>.</summary>
    void StageFailed(ArtifactJob job, StageFailure failure)
    {
    }

    void EnvironmentCompleted(EnvironmentResult result);
}
