using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Build;

/// <summary>Turns a source distribution into a wheel archive (PEP 517).</summary>
internal interface ISourceBuilder
{
    /// <summary>The wheel an earlier build made from the sdist with this sha256 for the artifact's interpreter, if the cache has it.</summary>
    Task<DownloadedArchive?> FindBuiltAsync(DistributionArtifact artifact, string sourceSha256, CancellationToken cancellationToken);

    Task<DownloadedArchive> BuildAsync(DistributionArtifact artifact, DownloadedArchive sourceDistribution, string scratchDirectory, CancellationToken cancellationToken);

    /// <summary>
    /// Builds the artifact's project folder in place (as pip does since 21.3), editable when the artifact says so (PEP 660),
    /// into a scratch wheel that is never kept in the build cache: the folder may change before the next run.
    /// </summary>
    Task<DownloadedArchive> BuildFolderAsync(DistributionArtifact artifact, string scratchDirectory, CancellationToken cancellationToken);

    /// <summary>
    /// Builds a git checkout's project <paramref name="folder"/> (never editable) and keeps the wheel in the build cache under
    /// <paramref name="sourceKey"/>, which names the repository, commit and subdirectory: a commit's tree never changes.
    /// </summary>
    Task<DownloadedArchive> BuildCheckoutAsync(DistributionArtifact artifact, string folder, string sourceKey, string scratchDirectory, CancellationToken cancellationToken);
}
