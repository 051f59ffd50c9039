namespace Dataflow.Installer.Requirements;

/// <summary>A <c>pylock.toml</c> lock file (PEP 751), as read: what an install from it needs, nothing of its dependency graph.</summary>
/// <param name="Path">The file, as the user named it, for messages; relative paths in it are relative to its folder.</param>
/// <param name="RequiresPython">The Python versions the whole lock is for, if it says.</param>
/// <param name="Environments">Markers of the environments the lock is for; empty when it does not say.</param>
/// <param name="DefaultGroups">The dependency groups a default install gets (the <c>dependency_groups</c> marker variable).</param>
internal sealed record PylockFile(
    string Path,
    string? RequiresPython,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> DefaultGroups,
    IReadOnlyList<PylockPackage> Packages)
{
    /// <summary>The extras the lock can install (<c>extras</c>); empty when it does not say.</summary>
    public IReadOnlyList<string> Extras { get; init; } = [];

    /// <summary>The dependency groups the lock can install (<c>dependency-groups</c>); empty when it does not say.</summary>
    public IReadOnlyList<string> DependencyGroups { get; init; } = [];

    /// <summary>PEP 751's file names: <c>pylock.toml</c> or <c>pylock.NAME.toml</c>.</summary>
    public static bool IsLockFileName(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return name == "pylock.toml" || (name.Length > 12 && name.StartsWith("pylock.", StringComparison.Ordinal) && name.EndsWith(".toml", StringComparison.Ordinal)
            && !name["pylock.".Length..^".toml".Length].Contains('.', StringComparison.Ordinal));
    }
}
