using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Build;

/// <summary>The build stage while builds are refused (<c>--no-build</c>): every source distribution is an error naming it.</summary>
internal sealed class NoSourceBuilds : ISourceBuilder
{
    public Task<DownloadedArchive?> FindBuiltAsync(DistributionArtifact artifact, string sourceSha256, CancellationToken cancellationToken) =>
        Task.FromResult<DownloadedArchive?>(null);

    public Task<DownloadedArchive> BuildAsync(DistributionArtifact artifact, DownloadedArchive sourceDistribution, string scratchDirectory, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"{artifact.Filename} is a source distribution, and --no-build refuses to build source distributions.");

    public Task<DownloadedArchive> BuildFolderAsync(DistributionArtifact artifact, string scratchDirectory, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"{artifact.SourceFolder} is a project folder, and --no-build refuses to build it.");

    public Task<DownloadedArchive> BuildCheckoutAsync(DistributionArtifact artifact, string folder, string sourceKey, string scratchDirectory, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"{artifact.Display} is a git repository, and --no-build refuses to build it.");
}
