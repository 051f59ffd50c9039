namespace Dataflow.Installer.Pipeline;

/// <summary>Hears about progress, for people waiting (a live display, or log lines on a non-terminal).</summary>
internal interface IPipelineReporter
{
    void ArtifactsPlanned(IReadOnlyList<DistributionArtifact> artifacts);

    void StageCompleted(ArtifactJob job, PipelineStage stage);

    void EnvironmentCompleted(EnvironmentResult result);
}
