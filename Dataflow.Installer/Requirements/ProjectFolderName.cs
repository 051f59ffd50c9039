using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Requirements;

/// <summary>
/// A project folder's name, read without building it: <c>pyproject.toml</c>'s <c>[project] name</c> (PEP 621 forbids a
/// dynamic name), else <c>setup.cfg</c>'s <c>[metadata] name</c>. A folder whose name only <c>setup.py</c> knows has none.
/// </summary>
internal static class ProjectFolderName
{
    /// <exception cref="FormatException">The file that names the project is not valid TOML, or its name is no string.</exception>
    public static string? Read(string folder) =>
        FromPyproject(Path.Combine(folder, "pyproject.toml")) ?? FromSetupCfg(Path.Combine(folder, "setup.cfg"));

    private static string? FromPyproject(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        return TomlTopLevelTable.Read(File.ReadAllText(path), path, "project") switch
        {
            null => null,
            Dictionary<string, object> project => project.GetValueOrDefault("name") switch
            {
                null => null,
                string name => name,
                _ => throw new FormatException($"{path}: [project] name must be a string"),
            },
            _ => throw new FormatException($"{path}: 'project' must be a table"),
        };
    }

    // setuptools' declarative configuration: an INI file whose [metadata] section may name the project.
    private static string? FromSetupCfg(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var inMetadata = false;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                inMetadata = line[1..^1].Trim() == "metadata";
                continue;
            }
            var equals = line.IndexOfAny(['=', ':']);
            if (inMetadata && equals > 0 && line[..equals].Trim() == "name" && !raw.StartsWith(' ') && !raw.StartsWith('\t'))
            {
                var name = line[(equals + 1)..].Trim();
                return name.Length > 0 ? name : null;
            }
        }
        return null;
    }
}
