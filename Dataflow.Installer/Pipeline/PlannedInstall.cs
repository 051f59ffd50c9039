using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Pipeline;

/// <summary>A distribution to put into an environment, and the installed one it replaces, if any.</summary>
/// <param name="IsDirectReference">True for <c>name @ url</c> and wheel paths, which get a PEP 610 <c>direct_url.json</c>.</param>
public sealed record PlannedInstall(DistributionArtifact Artifact, InstalledDistribution? Replaces, bool IsDirectReference)
{
    /// <summary>The name of the distribution's headers folder: the requirement's spelling, as pip names it; the normalised name when null.</summary>
    public string? HeadersName { get; init; }
}
