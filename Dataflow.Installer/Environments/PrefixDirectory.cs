namespace Dataflow.Installer.Environments;

/// <summary>
/// A folder as the prefix of an installation (pip's and uv's <c>--prefix</c>): the interpreter's own scheme for a prefix
/// (<c>lib/pythonX.Y/site-packages</c>, <c>bin</c>; Debian's <c>local/...</c>), rooted there instead of at
/// <c>sys.prefix</c>, as a Docker build stage fills <c>/install</c> to copy it over <c>/usr/local</c> later.
/// </summary>
internal static class PrefixDirectory
{
    /// <summary>What the interpreter query writes where the folder goes.</summary>
    public const string Marker = "/@DFI_PREFIX@";

    /// <summary><paramref name="interpreter"/> installing below <paramref name="folder"/> instead of its own prefix.</summary>
    public static InterpreterInfo Apply(InterpreterInfo interpreter, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (File.Exists(root))
        {
            throw new InterpreterException($"--prefix '{folder}' is a file; it must be a folder (made when missing).");
        }
        if (interpreter.PrefixScheme is not { } scheme)
        {
            throw new InterpreterException($"The interpreter '{interpreter.Executable}' did not say where a prefix's files go; --prefix cannot be used with it.");
        }
        string Rooted(string path) => path.StartsWith(Marker, StringComparison.Ordinal) && (path.Length == Marker.Length || path[Marker.Length] == '/')
            ? root + path[Marker.Length..]
            : throw new InterpreterException($"The interpreter '{interpreter.Executable}' puts a prefix's files outside it ('{path}'); --prefix cannot be used with it.");
        // The folder is the environment: its lock, its journal and the boundary of every uninstall.
        return interpreter with
        {
            Prefix = root,
            Scheme = new SchemePaths(Rooted(scheme.Purelib), Rooted(scheme.Platlib), Rooted(scheme.Scripts), Rooted(scheme.Headers), Rooted(scheme.Data)),
        };
    }
}
