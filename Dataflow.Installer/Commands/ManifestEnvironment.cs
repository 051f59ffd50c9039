namespace Dataflow.Installer.Commands;

/// <summary>One <c>[[environment]]</c> of a batch manifest, paths made absolute against the manifest's folder.</summary>
/// <param name="Line">Where its table starts in the manifest, for messages.</param>
internal sealed record ManifestEnvironment(
    string Path,
    IReadOnlyList<string> Requirements,
    string? Python,
    string? IndexUrl,
    IReadOnlyList<string> ExtraIndexUrls,
    IReadOnlyList<string> FindLinks,
    bool NoIndex,
    int Line);
