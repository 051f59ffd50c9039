namespace Dataflow.Installer.Commands;

/// <summary>One <c>[[environment]]</c> of a batch manifest, paths made absolute against the manifest's folder.</summary>
/// <param name="Path">The virtual environment's folder, or the <c>target</c> or <c>prefix</c> folder.</param>
/// <param name="Line">Where its table starts in the manifest, for messages.</param>
/// <param name="Kind">Which key named <paramref name="Path"/>.</param>
/// <param name="Foreign">For a <c>target</c>: the interpreter its files are for, when not <paramref name="Python"/> (pip's <c>--platform</c> and friends).</param>
internal sealed record ManifestEnvironment(
    string Path,
    IReadOnlyList<string> Requirements,
    string? Python,
    string? IndexUrl,
    IReadOnlyList<string> ExtraIndexUrls,
    IReadOnlyList<string> FindLinks,
    bool NoIndex,
    int Line,
    ManifestEnvironmentKind Kind = ManifestEnvironmentKind.VirtualEnvironment,
    Environments.ForeignInterpreter? Foreign = null);
