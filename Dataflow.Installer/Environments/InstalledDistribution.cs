namespace Dataflow.Installer.Environments;

/// <summary>A distribution found in (or just installed into) an environment's site-packages.</summary>
/// <param name="Name">The name as METADATA or the metadata folder's name spell it (not normalised).</param>
/// <param name="Version">The version string as written, not parsed.</param>
/// <param name="DistInfoPath">Absolute path of the <c>.dist-info</c> folder (or the <c>.egg-info</c> folder or file).</param>
/// <param name="IsEggInfo">True for legacy setuptools <c>.egg-info</c> metadata (no RECORD; see PEP 376's history).</param>
/// <param name="EggLink">
/// For a legacy develop install (<c>setup.py develop</c>, or pip's <c>-e</c> without PEP 660): the <c>.egg-link</c> file
/// in site-packages that points at the project, whose <c>.egg-info</c> folder <paramref name="DistInfoPath"/> names.
/// </param>
public sealed record InstalledDistribution(string Name, string Version, string DistInfoPath, bool IsEggInfo = false, string? EggLink = null)
{
    /// <summary>
    /// Whether an uninstall knows exactly what to remove: a RECORD, a legacy install's <c>installed-files.txt</c>, or a
    /// develop install's <c>.egg-link</c> (the project itself is never touched).
    /// </summary>
    public bool CanBeRemoved =>
        !IsEggInfo || EggLink is not null || File.Exists(Path.Combine(DistInfoPath, "installed-files.txt"));
}
