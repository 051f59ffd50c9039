using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>What the resolver may know about projects: their versions and each version's core metadata (the only I/O it does).</summary>
internal interface IResolverProvider
{
    /// <summary>
    /// Every version with a file installable on the target interpreter (already filtered by tags,
    /// Requires-Python and yanked status), in any order; empty when no index has the project.
    /// </summary>
    Task<IReadOnlyList<PackageVersion>> GetVersionsAsync(PackageName name, CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="version"/>, returned by <see cref="GetVersionsAsync"/>, is tried before every version that
    /// is not (pip's <c>--prefer-binary</c>: a version with a usable wheel before a newer one that must be built).
    /// </summary>
    bool IsPreferred(PackageName name, PackageVersion version) => false;

    /// <summary>The core metadata of one version returned by <see cref="GetVersionsAsync"/>.</summary>
    Task<CoreMetadata> GetMetadataAsync(PackageName name, PackageVersion version, CancellationToken ct);
}
