namespace Dataflow.Installer.Standards;

/// <summary>The script sections of a distribution's <c>entry_points.txt</c> (the entry points specification's INI-like file).</summary>
public sealed record EntryPoints(IReadOnlyList<EntryPoint> ConsoleScripts, IReadOnlyList<EntryPoint> GuiScripts)
{
    /// <summary>The file's name inside a .dist-info folder.</summary>
    public const string FileName = "entry_points.txt";

    public static EntryPoints Empty { get; } = new([], []);

    /// <summary>
    /// Parses the file. Only <c>console_scripts</c> and <c>gui_scripts</c> are validated and returned:
    /// other groups belong to their consumers (plugins) and may hold values scripts could not use.
    /// </summary>
    public static EntryPoints Parse(string text)
    {
        var console = new List<EntryPoint>();
        var gui = new List<EntryPoint>();
        List<EntryPoint>? current = null;
        var section = "";
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[')
            {
                if (line[^1] != ']')
                {
                    throw new FormatException($"entry_points.txt line {lineNumber}: unterminated section header '{line}'.");
                }
                section = line[1..^1].Trim();
                current = section switch
                {
                    "console_scripts" => console,
                    "gui_scripts" => gui,
                    _ => null,
                };
                continue;
            }
            if (current is null)
            {
                continue;
            }
            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                throw new FormatException($"entry_points.txt line {lineNumber} in [{section}]: expected 'name = module:attr', got '{line}'.");
            }
            var name = line[..equals].Trim();
            var entry = ParseScript(name, line[(equals + 1)..].Trim(), section, lineNumber);
            // As pip 23 on Python 3.11+ reads them (importlib.metadata's entries into a dict): the last definition of a
            // name in a group wins, in the place of the first.
            var earlier = current.FindIndex(e => e.Name == name);
            if (earlier < 0)
            {
                current.Add(entry);
            }
            else
            {
                current[earlier] = entry;
            }
        }
        return new EntryPoints(console, gui);
    }

    private static EntryPoint ParseScript(string name, string value, string section, int lineNumber)
    {
        string Error(string why) => $"entry_points.txt line {lineNumber} in [{section}]: invalid script entry point '{name} = {value}': {why}.";

        if (!IsValidScriptName(name))
        {
            throw new FormatException(Error("the name must be a file name without path separators"));
        }
        // Extras in brackets ("[extra1, extra2]") only mattered to pkg_resources; scripts ignore them.
        var bracket = value.IndexOf('[');
        if (bracket >= 0)
        {
            if (value[^1] != ']')
            {
                throw new FormatException(Error("unterminated extras"));
            }
            value = value[..bracket].TrimEnd();
        }
        var colon = value.IndexOf(':');
        if (colon < 0)
        {
            // pip: "A callable suffix is required." A bare module cannot be called.
            throw new FormatException(Error("a callable suffix (module:attr) is required"));
        }
        var module = value[..colon].Trim();
        var attribute = value[(colon + 1)..].Trim();
        if (!IsDottedName(module))
        {
            throw new FormatException(Error($"'{module}' is not a dotted module name"));
        }
        if (!IsDottedName(attribute))
        {
            throw new FormatException(Error($"'{attribute}' is not a dotted attribute name"));
        }
        return new EntryPoint(name, module, attribute);
    }

    private static bool IsValidScriptName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.AsSpan().IndexOfAny("/\\\0") < 0 && !name.Any(char.IsWhiteSpace);

    private static bool IsDottedName(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }
        foreach (var part in value.Split('.'))
        {
            if (part.Length == 0 || char.IsAsciiDigit(part[0]) || !part.All(c => c == '_' || char.IsLetterOrDigit(c)))
            {
                return false;
            }
        }
        return true;
    }
}
