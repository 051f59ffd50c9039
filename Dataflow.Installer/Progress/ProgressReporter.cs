using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Progress;

/// <summary>
/// Feeds the pipeline's events into <see cref="RunProgress"/> for the live display, and passes them on to
/// <paramref name="inner"/> (the log lines, which <c>-v</c> still shows above the display).
/// </summary>
/// <param name="countsEnvironments">False for a build environment's nested run: its files count, its environment does not.</param>
internal sealed class ProgressReporter(RunProgress progress, IPipelineReporter inner, bool countsEnvironments) : IPipelineReporter
{
    public void EnvironmentsPlanned(IReadOnlyList<EnvironmentPlan> plans)
    {
        if (countsEnvironments)
        {
            progress.AddEnvironments(plans);
        }
        inner.EnvironmentsPlanned(plans);
    }

    public void ArtifactsPlanned(IReadOnlyList<DistributionArtifact> artifacts)
    {
        progress.AddArtifacts(artifacts);
        inner.ArtifactsPlanned(artifacts);
    }

    public void StageStarted(ArtifactJob job, PipelineStage stage)
    {
        if (stage == PipelineStage.Build)
        {
            progress.BuildStarted(job.Artifact.Display);
        }
        inner.StageStarted(job, stage);
    }

    public void StageCompleted(ArtifactJob job, PipelineStage stage)
    {
        switch (stage)
        {
            case PipelineStage.Download:
                progress.DownloadFinished(job);
                break;
            case PipelineStage.Build:
                progress.BuildFinished(job.Artifact.Display, succeeded: true);
                break;
            case PipelineStage.Unzip:
                progress.UnzipFinished();
                break;
        }
        inner.StageCompleted(job, stage);
    }

    public void StageFailed(ArtifactJob job, StageFailure failure)
    {
        if (failure.Stage == PipelineStage.Build)
        {
            progress.BuildFinished(job.Artifact.Display, succeeded: false);
        }
        inner.StageFailed(job, failure);
    }

    public void EnvironmentCompleted(EnvironmentResult result)
    {
        if (countsEnvironments)
        {
            progress.EnvironmentFinished(result);
        }
        inner.EnvironmentCompleted(result);
    }
}
