using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>The fields of a distribution's core metadata (METADATA, PKG-INFO, a PEP 658 <c>.metadata</c> file) that resolving needs.</summary>
/// <param name="ProvidesExtra">The extras as written; compare them PEP 685 normalised.</param>
internal sealed record CoreMetadata(
    string MetadataVersion,
    PackageName Name,
    PackageVersion Version,
    string? RequiresPython,
    IReadOnlyList<Requirement> RequiresDist,
    IReadOnlyList<string> ProvidesExtra,
    IReadOnlyList<string> Dynamic);
