using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Inspect;

/// <summary>One distribution found in an environment, with its metadata read, as pip's importlib backend sees it.</summary>
/// <param name="CanonicalName">PEP 503 name from the metadata folder's name (pip's <c>canonical_name</c>).</param>
/// <param name="Name">The <c>Name</c> header as written (pip's <c>raw_name</c>).</param>
/// <param name="VersionText">The <c>Version</c> header as written.</param>
/// <param name="InfoPath">The <c>.dist-info</c> / <c>.egg-info</c> folder (or file).</param>
/// <param name="Metadata">The metadata headers, with an egg-info's <c>requires.txt</c> added as pip adds it.</param>
/// <param name="EggLink">An <c>.egg-link</c> file named after the project in a folder of the search path (a legacy develop install's).</param>
/// <param name="LinkedFrom">The folder whose <c>.egg-link</c> led to the project, when found through one.</param>
internal sealed record InstalledProject(
    string CanonicalName, string Name, string VersionText, string InfoPath, MetadataHeaders Metadata, string? EggLink = null, string? LinkedFrom = null)
{
    /// <summary>The version when it is a PEP 440 version; null for a legacy (non-standard) one.</summary>
    public PackageVersion? Version { get; } = PackageVersion.TryParse(VersionText, out var parsed) ? parsed : null;

    /// <summary>The version as pip prints it: normalised when valid (PEP 440 "Normalization"), else as written.</summary>
    public string DisplayVersion => Version?.ToString() ?? VersionText;

    /// <summary>The folder holding the metadata folder (pip's <c>location</c>), usually site-packages.</summary>
    public string Location => Path.GetDirectoryName(InfoPath.TrimEnd('/')) ?? "";

    /// <summary>Where pip takes the project to be installed (its <c>installed_location</c>): the folder of the egg-link that led to it, else <see cref="Location"/>.</summary>
    public string InstalledLocation => LinkedFrom ?? Location;

    /// <summary>
    /// The project folder of an editable install as pip 23.2 shows it: from <c>direct_url.json</c> when there is one
    /// (PEP 660), else, for a legacy develop install found by its egg-link, the folder the metadata is in.
    /// </summary>
    public string? EditableLocation(DirectUrlRecord? directUrl) =>
        directUrl is not null ? directUrl.EditableLocation : EggLink is not null ? Location : null;

    /// <summary>The first non-blank line of the <c>INSTALLER</c> file, as pip shows it; empty when there is none.</summary>
    public string ReadInstaller() =>
        ReadText("INSTALLER")?.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? "";

    /// <summary>Reads a file of the metadata folder; null when it is absent or unreadable.</summary>
    public string? ReadText(string fileName)
    {
        var path = Path.Combine(InfoPath, fileName);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
