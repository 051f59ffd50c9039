namespace Dataflow.Installer.Environments;

/// <summary>A distribution found in (or just installed into) an environment's site-packages.</summary>
/// <param name="Name">The name as METADATA or the metadata folder's name spell it (not normalised).</param>
/// <param name="Version">The version string as written, not parsed.</param>
/// <param name="DistInfoPath">Absolute path of the <c>.dist-info</c> folder (or the <c>.egg-info</c> folder or file).</param>
/// <param name="IsEggInfo">True for legacy setuptools <c>.egg-info</c> metadata (no RECORD; see PEP 376's history).</param>
public sealed record InstalledDistribution(string Name, string Version, string DistInfoPath, bool IsEggInfo = false);
