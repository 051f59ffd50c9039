namespace Dataflow.Installer.Inspect;

/// <summary>The files a distribution declares, as pip's <c>iter_declared_entries()</c> lists them for <c>pip show --files</c>.</summary>
internal static class InstalledFiles
{
    /// <summary>RECORD's paths (PEP 376), else installed-files.txt's made relative to site-packages; null when neither exists.</summary>
    public static IReadOnlyList<string>? Declared(InstalledProject project)
    {
        if (project.ReadText("RECORD") is { } record)
        {
            return record.Split('\n')
                .Select(line => line.TrimEnd('\r'))
                .Where(line => line.Length > 0)
                .Select(line => NormalizePath(FirstCsvField(line)))
                .ToList();
        }
        if (project.ReadText("installed-files.txt") is { } legacy)
        {
            var info = Path.GetFileName(project.InfoPath.TrimEnd('/'));
            return legacy.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).Select(line => FromEggInfo(line, info)).ToList();
        }
        return null;
    }

    /// <summary>A path as Python's <c>str(pathlib.PurePosixPath(p))</c> writes it: no empty or <c>.</c> parts, no trailing slash.</summary>
    public static string NormalizePath(string path)
    {
        var prefix = path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("///", StringComparison.Ordinal) ? "//"
            : path.StartsWith('/') ? "/" : "";
        var parts = path.Split('/').Where(part => part.Length > 0 && part != ".");
        var joined = prefix + string.Join('/', parts);
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>The first field of one CSV row (RECORD quotes a path holding a comma or a quote).</summary>
    public static string FirstCsvField(string line)
    {
        if (!line.StartsWith('"'))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            return comma < 0 ? line : line[..comma];
        }
        var field = new System.Text.StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                    continue;
                }
                break;
            }
            field.Append(line[i]);
        }
        return field.ToString();
    }

    // installed-files.txt paths are relative to the .egg-info folder; RECORD's to site-packages (pip's _convert_installed_files_path).
    private static string FromEggInfo(string entry, string infoFolder)
    {
        var info = new List<string> { infoFolder };
        var parts = entry.Split('/').Where(part => part.Length > 0 && part != ".").ToList();
        while (parts.Count > 0 && parts[0] == "..")
        {
            if (info.Count == 0 || info[^1] == "..")
            {
                info.Add("..");
            }
            else
            {
                info.RemoveAt(info.Count - 1);
            }
            parts.RemoveAt(0);
        }
        return NormalizePath(string.Join('/', info.Concat(parts)));
    }
}
