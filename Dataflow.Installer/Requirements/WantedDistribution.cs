using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Requirements;

/// <summary>A distribution the environment must hold, after markers, constraints and includes were applied.</summary>
/// <param name="Name">The project.</param>
/// <param name="Specifier">The versions allowed (requirement and constraints combined); empty for direct references.</param>
/// <param name="Hashes">Acceptable <c>algorithm:hex</c> digests; any one must match.</param>
/// <param name="DirectUrl">For direct references (<c>name @ url</c>, a path to a wheel or a project folder): the archive's or folder's absolute URL.</param>
/// <param name="Location">Where it was asked for, for messages.</param>
internal sealed record WantedDistribution(
    PackageName Name,
    VersionSpecifierSet Specifier,
    IReadOnlyList<string> Hashes,
    Uri? DirectUrl,
    SourceLocation Location)
{
    /// <summary>The project's name as the requirement spells it (<c>Odd_Data</c>), when it spells one: pip names a distribution's
    /// headers folder (<c>include/site/python3.X/NAME</c>) with it. The normalised name serves when null.</summary>
    public string? NameAsWritten { get; init; }

    /// <summary>For a project folder (<c>./pkg</c>, <c>name @ file:///pkg</c>, <c>-e ./pkg</c>): the folder, built in place.</summary>
    public string? SourceFolder { get; init; }

    /// <summary>Asked for with <c>-e</c>: installed in place (PEP 660), so that edits to the folder's code need no reinstall.</summary>
    public bool Editable { get; init; }

    /// <summary>
    /// For a project folder whose name neither its line nor its static metadata gives: <see cref="Name"/> is a placeholder
    /// until the planner learns the name (from an install recorded from the folder, or from a build of it).
    /// </summary>
    public bool NameFromBuild { get; init; }

    /// <summary>For a project folder built while planning (to learn its name): that wheel, which the pipeline installs instead of building again.</summary>
    public Download.DownloadedArchive? Prebuilt { get; init; }

    /// <summary>From a <c>pylock.toml</c>: the very file to install, with the hashes the lock gives; no index is asked.</summary>
    public PylockArchive? Locked { get; init; }

    /// <summary>The requirement's own PEP 517 settings (its line's <c>--config-settings</c>), for its build only.</summary>
    public Build.ConfigSettings ConfigSettings { get; init; } = Build.ConfigSettings.None;

    /// <summary>For a git requirement (<c>name @ git+https://...@rev</c>): the repository and revision, cloned and built.</summary>
    public VcsReference? Vcs { get; init; }

    public string Display => NameFromBuild ? $"the project in {SourceFolder}"
        : Vcs is { } vcs ? $"{Name} @ {vcs.Display}"
        : DirectUrl is null ? $"{Name}{Specifier}" : $"{Name} @ {Index.UrlRedactor.Redact(DirectUrl)}";
}
