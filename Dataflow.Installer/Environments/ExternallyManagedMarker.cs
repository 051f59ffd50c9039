namespace Dataflow.Installer.Environments;

/// <summary>
/// PEP 668's <c>EXTERNALLY-MANAGED</c> file in an interpreter's stdlib folder: a distributor (Debian, Fedora, Homebrew)
/// saying that its packages, not an installer, own that interpreter's site-packages.
/// </summary>
internal static class ExternallyManagedMarker
{
    public const string FileName = "EXTERNALLY-MANAGED";

    private const string Section = "externally-managed";

    /// <summary>The marker's path for <paramref name="interpreter"/>, or null when it has none (or a venv, where PEP 668 says it does not apply).</summary>
    public static string? Find(InterpreterInfo interpreter)
    {
        if (interpreter.IsVirtualEnvironment || interpreter.Stdlib is not { } stdlib)
        {
            return null;
        }
        var path = Path.Combine(stdlib, FileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// The marker's <c>Error</c> text (PEP 668 lets a distributor explain what to do instead), or null when the file
    /// has none: a file in another format, or without the key, still marks the interpreter.
    /// </summary>
    public static string? ReadError(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return ErrorOf(lines);
    }

    /// <summary>The <c>Error</c> key of the <c>[externally-managed]</c> section, read as Python's configparser reads it.</summary>
    internal static string? ErrorOf(IEnumerable<string> lines)
    {
        string? section = null;
        List<string>? value = null;
        string? found = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var indented = raw.Length > 0 && char.IsWhiteSpace(raw[0]);
            if (value is not null && (indented || line.Length == 0))
            {
                // configparser keeps indented lines, and blank lines between them, as the value's next lines.
                value.Add(line.Trim());
                continue;
            }
            if (value is not null)
            {
                found = Finish(value);
                value = null;
            }
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }
            if (trimmed[0] == '[' && trimmed[^1] == ']')
            {
                section = trimmed[1..^1].Trim();
                continue;
            }
            var split = trimmed.IndexOfAny(['=', ':']);
            if (section == Section && split > 0 && string.Equals(trimmed[..split].Trim(), "Error", StringComparison.OrdinalIgnoreCase))
            {
                value = [trimmed[(split + 1)..].Trim()];
            }
        }
        if (value is not null)
        {
            found = Finish(value);
        }
        return string.IsNullOrWhiteSpace(found) ? null : found;
    }

    private static string Finish(List<string> value)
    {
        while (value.Count > 0 && value[0].Length == 0)
        {
            value.RemoveAt(0);
        }
        while (value.Count > 0 && value[^1].Length == 0)
        {
            value.RemoveAt(value.Count - 1);
        }
        return string.Join('\n', value);
    }
}
