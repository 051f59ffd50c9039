namespace Dataflow.Installer.Resolve;

/// <summary>The outcome of a resolution: one version per project, sorted by normalised name.</summary>
internal sealed record Resolution(IReadOnlyList<ResolvedPackage> Packages);
