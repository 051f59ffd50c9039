namespace Dataflow.Installer.Environments;

/// <summary>The virtual environment a command works on, found from <c>--python</c>, <c>$VIRTUAL_ENV</c> or <c>./.venv</c>.</summary>
internal static class TargetEnvironment
{
    /// <summary>The interpreter to query for a <c>--python</c> value: a venv folder, an interpreter, or the defaults.</summary>
    public static string ResolveInterpreter(string? python)
    {
        var given = python;
        if (string.IsNullOrEmpty(given))
        {
            given = Environment.GetEnvironmentVariable("VIRTUAL_ENV");
        }
        if (string.IsNullOrEmpty(given))
        {
            given = ".venv";
        }

        var path = Path.GetFullPath(given);
        if (!string.IsNullOrEmpty(python) && !given.Contains('/') && !Directory.Exists(path) && !File.Exists(path))
        {
            // A bare name such as `python3` means the interpreter of that name on PATH, as in `dfi venv --python`.
            return FindOnPath(given);
        }
        if (Directory.Exists(path))
        {
            foreach (var name in new[] { "python", "python3" })
            {
                var candidate = Path.Combine(path, "bin", name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InterpreterException($"'{given}' is not a virtual environment: it has no bin/python. Create one with `dfi venv {given}`.");
        }
        if (File.Exists(path))
        {
            return path;
        }
        if (python is null && given == ".venv")
        {
            throw new InterpreterException("No virtual environment found: --python was not given, $VIRTUAL_ENV is not set and there is no ./.venv. Create one with `dfi venv .venv`.");
        }
        throw new InterpreterException($"No virtual environment or interpreter at '{given}'. Create one with `dfi venv {given}`.");
    }

    /// <summary>
    /// The interpreter of a sync: as <see cref="ResolveInterpreter"/> when <paramref name="python"/> is given or neither
    /// <paramref name="system"/> nor <paramref name="target"/> is set. Without <c>--python</c>, <c>--system</c> means the first
    /// <c>python3</c> on <c>PATH</c> outside a virtual environment (an activated one's bin comes first on PATH, and uv's
    /// --system looks past it), and <c>--target</c> the usual environment when there is one, else <c>python3</c> on PATH.
    /// </summary>
    public static string ResolveForSync(string? python, bool system, bool target)
    {
        if (!string.IsNullOrEmpty(python) || !(system || target))
        {
            return ResolveInterpreter(python);
        }
        if (system)
        {
            return TryFindOnPath("python3", folder => !File.Exists(Path.Combine(folder, "..", "pyvenv.cfg")))
                ?? throw new InterpreterException("--system: no python3 on PATH outside a virtual environment. Give the interpreter with --python.");
        }
        var hasEnvironment = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VIRTUAL_ENV")) || Directory.Exists(".venv");
        return hasEnvironment ? ResolveInterpreter(null) : FindOnPath("python3");
    }

    /// <summary>Finds an interpreter by name on <c>PATH</c> (a bare version such as <c>3.12</c> meaning <c>python3.12</c>, as in uv), or returns a path as given.</summary>
    public static string FindOnPath(string name)
    {
        if (name.Contains('/'))
        {
            return Path.GetFullPath(name);
        }
        var program = IsVersion(name) ? "python" + name : name;
        return TryFindOnPath(program) ?? throw new InterpreterException(
            $"No interpreter named '{program}' on PATH{(program == name ? "" : $" (for --python {name})")}. Give one with --python.");
    }

    // "3" or "3.12": digits with at most one dot.
    private static bool IsVersion(string name) =>
        name.Length > 0 && char.IsAsciiDigit(name[0]) && char.IsAsciiDigit(name[^1]) && name.All(c => char.IsAsciiDigit(c) || c == '.') && name.Count(c => c == '.') <= 1;

    /// <summary>The first file named <paramref name="name"/> in the folders of <c>PATH</c>, or null.</summary>
    public static string? TryFindOnPath(string name) => TryFindOnPath(name, _ => true);

    private static string? TryFindOnPath(string name, Func<string, bool> folderIsWanted)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate) && folderIsWanted(folder))
            {
                return candidate;
            }
        }
        return null;
    }
}
