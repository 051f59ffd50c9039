using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Pipeline;

/// <summary>A distribution to put into an environment, and the installed one it replaces, if any.</summary>
/// <param name="DirectUrlJson">PEP 610 <c>direct_url.json</c> content for direct references; null for index installs.</param>
public sealed record PlannedInstall(DistributionArtifact Artifact, InstalledDistribution? Replaces, string? DirectUrlJson);
