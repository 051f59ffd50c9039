namespace Dataflow.Installer.Pipeline;

/// <summary>The work of each stage, behind one seam so that pipeline tests can drive fakes.</summary>
internal interface IPipelineStages
{
    /// <summary>Fetches the job's file, or finds its unzipped wheel already in the cache (setting <see cref="ArtifactJob.Entry"/>).</summary>
    Task<ArtifactJob> DownloadAsync(ArtifactJob job, CancellationToken cancellationToken);

    /// <summary>Turns a downloaded source distribution into a wheel archive.</summary>
    Task<ArtifactJob> BuildAsync(ArtifactJob job, CancellationToken cancellationToken);

    /// <summary>Unzips the job's wheel into the cache.</summary>
    Task<ArtifactJob> UnzipAsync(ArtifactJob job, CancellationToken cancellationToken);

    /// <summary>Applies one environment's plan: removals first, then installs, all from prepared cache entries.</summary>
    Task<EnvironmentResult> InstallAsync(EnvironmentPlan plan, IReadOnlyDictionary<string, ArtifactJob> prepared, CancellationToken cancellationToken);
}
