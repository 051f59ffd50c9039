namespace Dataflow.Installer.Configuration;

/// <summary>
/// Makes a file's relative paths relative to the file, not to wherever dfi runs: a project's <c>dfi.toml</c>
/// serves every subfolder, and <c>~/</c> means the home folder since no shell expands it in TOML.
/// </summary>
internal static class ConfigPaths
{
    private static readonly HashSet<string> PathOptions =
        ["cache-dir", "find-links", "build-constraints", "wheelhouse", "manifest", "report", "python"];

    public static string Resolve(string longName, string value, string folder)
    {
        if (!PathOptions.Contains(longName) || value.Length == 0 || value == "-" || value.Contains("://", StringComparison.Ordinal))
        {
            return value;
        }
        if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal))
        {
            return Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), value[1..]);
        }
        // --python takes a name on PATH (python3.11) as well as a path; only what looks like a path is one.
        if (longName == "python" && !value.Contains('/') && !value.StartsWith('.'))
        {
            return value;
        }
        return Path.GetFullPath(value, folder);
    }
}
