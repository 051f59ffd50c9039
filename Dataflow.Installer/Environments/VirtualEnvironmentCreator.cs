using System.Reflection;

namespace Dataflow.Installer.Environments;

/// <summary>Creates a PEP 405 virtual environment without pip: pyvenv.cfg, interpreter links, site-packages.</summary>
internal static class VirtualEnvironmentCreator
{
    /// <summary>Creates (or replaces) the environment at <paramref name="directory"/> from the interpreter described by <paramref name="baseInterpreter"/>.</summary>
    /// <param name="directory">Where.</param>
    /// <param name="baseInterpreter">The interpreter it is made from.</param>
    /// <param name="systemSitePackages">Whether it also imports from the base interpreter's site-packages (<c>python -m venv --system-site-packages</c>).</param>
    /// <param name="prompt">The prompt prefix <c>activate</c> shows (default: the folder's name); <c>.</c> means the current folder's name, as with <c>python -m venv</c>.</param>
    /// <returns>The new environment's interpreter path.</returns>
    public static string Create(string directory, InterpreterQueryResult baseInterpreter, bool systemSitePackages = false, string? prompt = null)
    {
        var root = Path.GetFullPath(directory);
        var info = baseInterpreter.Info;
        PrepareDirectory(root, directory);

        // A venv of a venv is made from the installation the first was made from (as `python -m venv` does).
        var baseExecutable = baseInterpreter.BaseExecutable;
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        var libFolder = info.ImplementationName == "pypy" ? $"pypy{info.Major}.{info.Minor}" : $"python{info.Major}.{info.Minor}";
        Directory.CreateDirectory(Path.Combine(root, "lib", libFolder, "site-packages"));
        Directory.CreateDirectory(Path.Combine(root, "include"));
        if (info.PointerBits == 64 && OperatingSystem.IsLinux())
        {
            File.CreateSymbolicLink(Path.Combine(root, "lib64"), "lib");
        }

        File.CreateSymbolicLink(Path.Combine(bin, "python"), baseExecutable);
        foreach (var alias in new[] { $"python{info.Major}", $"python{info.Major}.{info.Minor}" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, alias), "python");
        }
        if (info.ImplementationName == "pypy")
        {
            File.CreateSymbolicLink(Path.Combine(bin, "pypy3"), "python");
        }

        if (prompt == ".")
        {
            prompt = Path.GetFileName(Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory));
        }
        if (!ActivationScripts.TryWrite(bin, root, prompt ?? Path.GetFileName(root), info, baseExecutable))
        {
            // A Python whose standard library lacks venv's templates (a stripped-down build) still gets a bash/zsh one.
            File.WriteAllText(Path.Combine(bin, "activate"), ActivateScript(root, prompt ?? Path.GetFileName(root)));
        }
        // Tools such as git and backup programs should not descend into environments.
        File.WriteAllText(Path.Combine(root, ".gitignore"), "# created by dfi automatically\n*\n");

        // pyvenv.cfg is written last: its presence is what makes the folder a virtual environment.
        var version = info.FullVersion;
        var implementation = info.ImplementationName == "cpython" ? "CPython" : info.MarkerEnvironment.GetValueOrDefault("platform_python_implementation", info.ImplementationName);
        File.WriteAllText(Path.Combine(root, "pyvenv.cfg"),
            $"home = {Path.GetDirectoryName(baseExecutable)}\n" +
            $"include-system-site-packages = {(systemSitePackages ? "true" : "false")}\n" +
            $"version = {version}\n" +
            $"implementation = {implementation}\n" +
            $"version_info = {version}\n" +
            (prompt is null ? "" : $"prompt = {PythonRepr(prompt)}\n") +
            $"dfi = {ToolVersion}\n");
        return Path.Combine(bin, "python");
    }

    /// <summary>dfi's own version, recorded in pyvenv.cfg.</summary>
    public static string ToolVersion => ProductInfo.Version;

    private static void PrepareDirectory(string root, string given)
    {
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            return;
        }
        if (File.Exists(Path.Combine(root, "pyvenv.cfg")))
        {
            // Replacing an environment, as `uv venv` does; anything that is not one is left alone below.
            Directory.Delete(root, recursive: true);
            Directory.CreateDirectory(root);
            return;
        }
        if (Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new InterpreterException($"'{given}' exists, is not empty and is not a virtual environment; refusing to create one there.");
        }
    }

    // As Python's repr() writes a str, which is how `python -m venv` records the prompt.
    private static string PythonRepr(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var escaped = text.Replace("\\", "\\\\");
        if (quote == '\'')
        {
            escaped = escaped.Replace("'", "\\'");
        }
        return quote + escaped + quote;
    }

    // Inside single quotes a shell takes everything literally but the single quote itself.
    private static string ShellQuoted(string text) => "'" + text.Replace("'", "'\\''") + "'";

    private static string ActivateScript(string root, string prompt) => $$"""
# Source this file from bash or zsh: `. {{root}}/bin/activate`. `deactivate` undoes it.
deactivate () {
    if [ -n "${_DFI_OLD_PATH:-}" ]; then
        PATH="$_DFI_OLD_PATH"
        export PATH
        unset _DFI_OLD_PATH
    fi
    if [ -n "${_DFI_OLD_PS1+set}" ]; then
        PS1="$_DFI_OLD_PS1"
        export PS1
        unset _DFI_OLD_PS1
    fi
    unset VIRTUAL_ENV VIRTUAL_ENV_PROMPT
    hash -r 2>/dev/null
    if [ "${1:-}" != "nondestructive" ]; then
        unset -f deactivate
    fi
}

deactivate nondestructive

VIRTUAL_ENV={{ShellQuoted(root)}}
export VIRTUAL_ENV
VIRTUAL_ENV_PROMPT={{ShellQuoted($"({prompt}) ")}}
export VIRTUAL_ENV_PROMPT
_DFI_OLD_PATH="$PATH"
PATH="$VIRTUAL_ENV/bin:$PATH"
export PATH
if [ -z "${VIRTUAL_ENV_DISABLE_PROMPT:-}" ]; then
    _DFI_OLD_PS1="${PS1:-}"
    PS1="${VIRTUAL_ENV_PROMPT}${PS1:-}"
    export PS1
fi
hash -r 2>/dev/null

""";
}
