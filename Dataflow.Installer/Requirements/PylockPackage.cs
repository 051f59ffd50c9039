namespace Dataflow.Installer.Requirements;

/// <summary>One <c>[[packages]]</c> entry of a <c>pylock.toml</c>: the project, when it applies, and where its files are.</summary>
/// <param name="Position">Its place among the file's packages (from 1), for messages.</param>
/// <param name="Index">The index its files come from, when they come from one (then it is installed as from an index).</param>
/// <param name="Wheels">Its wheels, any of which may fit the target; the best fitting one is installed.</param>
/// <param name="Sdist">Its source distribution, built when no wheel fits.</param>
/// <param name="Archive">An archive (wheel or sdist) named by URL or path, with no index.</param>
/// <param name="Directory">A project folder, built in place (editable when it says).</param>
/// <param name="Vcs">A git repository at a commit.</param>
internal sealed record PylockPackage(
    int Position,
    string Name,
    string? Version,
    string? Marker,
    string? RequiresPython,
    string? Index,
    IReadOnlyList<PylockArchive> Wheels,
    PylockArchive? Sdist,
    PylockArchive? Archive,
    PylockDirectory? Directory,
    VcsReference? Vcs);
