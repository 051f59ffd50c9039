namespace Dataflow.Installer.Pipeline;

/// <summary>The outcome of a pipeline run: every environment's result and every distinct file's journey.</summary>
public sealed record PipelineResult(IReadOnlyList<EnvironmentResult> Environments, IReadOnlyList<ArtifactJob> Artifacts)
{
    /// <summary>Every real failure (not the cancellations they caused), once each.</summary>
    public IReadOnlyList<StageFailure> Failures =>
        Artifacts.Select(job => job.Failure)
            .Concat(Environments.SelectMany(environment => environment.Failures))
            .OfType<StageFailure>()
            .Where(failure => !failure.IsCancellation)
            .Distinct()
            .ToList();

    public bool Succeeded => Environments.All(environment => environment.Succeeded) && Failures.Count == 0;
}
