using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Build;

/// <summary>Turns a source distribution into a wheel archive (PEP 517).</summary>
internal interface ISourceBuilder
{
    Task<DownloadedArchive> BuildAsync(DistributionArtifact artifact, DownloadedArchive sourceDistribution, string scratchDirectory, CancellationToken cancellationToken);
}
