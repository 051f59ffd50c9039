using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Build;

/// <summary>Turns a source distribution into a wheel archive (PEP 517).</summary>
internal interface ISourceBuilder
{
    /// <summary>The wheel an earlier build made from the sdist with this sha256 for the artifact's interpreter, if the cache has it.</summary>
    Task<DownloadedArchive?> FindBuiltAsync(DistributionArtifact artifact, string sourceSha256, CancellationToken cancellationToken);

    Task<DownloadedArchive> BuildAsync(DistributionArtifact artifact, DownloadedArchive sourceDistribution, string scratchDirectory, CancellationToken cancellationToken);
}
