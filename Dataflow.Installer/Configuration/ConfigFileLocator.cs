namespace Dataflow.Installer.Configuration;

/// <summary>
/// Finds the configuration files, highest precedence first: the project's <c>dfi.toml</c> (in the current folder
/// or its nearest parent that has one), then the user's (<c>$XDG_CONFIG_HOME/dfi/dfi.toml</c>, else
/// <c>~/.config/dfi/dfi.toml</c>). <c>DFI_CONFIG_FILE</c> names the only file instead; <c>DFI_NO_CONFIG</c> reads none.
/// </summary>
internal static class ConfigFileLocator
{
    public const string FileName = "dfi.toml";

    public static IReadOnlyList<string> Find(IReadOnlyDictionary<string, string> variables, string currentDirectory)
    {
        if (variables.TryGetValue(EnvironmentConfiguration.NoConfigVariable, out var noConfig) && noConfig.Trim().Length > 0)
        {
            if (!OptionValues.TryParseBoolean(noConfig, out var ignoreFiles))
            {
                throw new ConfigurationException($"{EnvironmentConfiguration.NoConfigVariable}={noConfig}: expected 1, true, yes, on, or 0, false, no, off.");
            }
            if (ignoreFiles)
            {
                return [];
            }
        }
        if (variables.TryGetValue(EnvironmentConfiguration.ConfigFileVariable, out var named) && named.Length > 0)
        {
            var path = Path.GetFullPath(named, currentDirectory);
            return File.Exists(path)
                ? [path]
                : throw new ConfigurationException($"{EnvironmentConfiguration.ConfigFileVariable} names {path}, which is not a file; create it or unset the variable.");
        }
        var files = new List<string>();
        if (ProjectFile(currentDirectory) is { } project)
        {
            files.Add(project);
        }
        var user = UserFile(variables);
        if (File.Exists(user) && !files.Contains(user, StringComparer.Ordinal))
        {
            files.Add(user);
        }
        return files;
    }

    /// <summary>Where the user's file is, whether or not it exists.</summary>
    public static string UserFile(IReadOnlyDictionary<string, string> variables)
    {
        // The XDG base directory specification ignores a relative $XDG_CONFIG_HOME.
        if (variables.TryGetValue("XDG_CONFIG_HOME", out var xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "dfi", FileName);
        }
        var home = variables.TryGetValue("HOME", out var fromVariable) && fromVariable.Length > 0
            ? fromVariable
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "dfi", FileName);
    }

    /// <summary>The nearest <c>dfi.toml</c> in <paramref name="currentDirectory"/> or its parents, if any.</summary>
    public static string? ProjectFile(string currentDirectory)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(currentDirectory)); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
