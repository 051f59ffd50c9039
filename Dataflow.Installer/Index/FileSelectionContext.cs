using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Index;

/// <summary>The target's facts that decide which files are acceptable: its tags and its Python version.</summary>
internal sealed record FileSelectionContext(CompatibilityTags Tags, PackageVersion PythonVersion, bool AllowPrereleases, bool AllowSourceDistributions);
