using Dataflow.Installer.Build;
using Dataflow.Installer.Download;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Pipeline;

/// <summary>A file chosen to install a distribution: what it is, where it comes from and what it must hash to.</summary>
/// <param name="Name">The project.</param>
/// <param name="Version">The version as the file name gives it; empty for a project folder, whose version only its build tells.</param>
/// <param name="Filename">The archive's file name (a project folder's own name).</param>
/// <param name="Url">Where to get it (file:// for local files and project folders).</param>
/// <param name="Hashes">What it must hash to.</param>
/// <param name="Size">Its size when the index says, for largest-first ordering.</param>
/// <param name="IsWheel">False for a source distribution, which needs the build stage.</param>
public sealed record DistributionArtifact(
    PackageName Name,
    string Version,
    string Filename,
    Uri Url,
    ExpectedHashes Hashes,
    long? Size,
    bool IsWheel)
{
    /// <summary>For a source distribution: what it is built for. Null for wheels.</summary>
    internal BuildTarget? Build { get; init; }

    /// <summary>For a project folder: the folder, built in place at every run (its contents may change between runs).</summary>
    public string? SourceFolder { get; init; }

    /// <summary>For a project folder asked for with <c>-e</c>: built with PEP 660's <c>build_editable</c>.</summary>
    public bool Editable { get; init; }

    /// <summary>For a project folder whose name only its build tells: <see cref="Name"/> is a placeholder the build does not have to match.</summary>
    internal bool NameFromBuild { get; init; }

    /// <summary>For a project folder built while planning (to learn its name): the wheel, installed without building again.</summary>
    internal DownloadedArchive? Prebuilt { get; init; }

    /// <summary>For a git requirement: the repository and revision the download stage clones (<see cref="Url"/> is the requirement's URL).</summary>
    internal Requirements.VcsReference? Vcs { get; init; }

    /// <summary>A requirement's own PEP 517 settings (<c>--config-settings</c> on its requirements-file line), over the run's <c>-C</c>.</summary>
    internal ConfigSettings ConfigSettings { get; init; } = ConfigSettings.None;

    /// <summary>
    /// Identifies the same file across environments: its URL (credentials never part of it); for a source
    /// distribution also the interpreter tag it is built for, since environments on two Pythons need two wheels.
    /// </summary>
    public string Key => (Url.IsFile ? Url.LocalPath : Index.UrlCredentials.WithoutUserInfo(Url).AbsoluteUri)
        + (Editable ? "#editable" : "") + (Build is { } build ? "#" + build.TagKey : "")
        + (ConfigSettings.IsEmpty ? "" : "#cs" + ConfigSettings.Digest);

    public string Display => SourceFolder is { } folder ? $"{Name} @ {folder}{(Editable ? " (editable)" : "")}"
        : Vcs is { } vcs ? $"{Name} @ {vcs.Display}"
        : $"{Name}=={Version}";
}
