using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Index;

/// <summary>The file chosen for a requirement, with its parsed name and version, and a warning to show if any (a yanked pin).</summary>
internal sealed record SelectedFile(IndexFile File, DistributionFilename Filename, PackageVersion Version, string? Warning);
