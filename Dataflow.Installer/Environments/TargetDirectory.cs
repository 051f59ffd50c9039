namespace Dataflow.Installer.Environments;

/// <summary>
/// A plain folder as the place a sync installs into (pip's and uv's <c>--target</c>): modules and <c>.dist-info</c>
/// folders at its top, scripts in <c>bin</c>, data files at its top, headers where pip's
/// <c>--target</c> leaves them. The interpreter still decides tags, markers and the scripts' <c>#!</c> line.
/// </summary>
internal static class TargetDirectory
{
    /// <summary><paramref name="interpreter"/> installing into <paramref name="folder"/> instead of its own environment.</summary>
    public static InterpreterInfo Apply(InterpreterInfo interpreter, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (File.Exists(root))
        {
            throw new InterpreterException($"--target '{folder}' is a file; it must be a folder (made when missing).");
        }
        // pip installs into a temporary home scheme and moves it to the target: headers go where that scheme puts them,
        // below include/site/pythonX.Y when pip runs in a venv, include/python otherwise.
        var headers = interpreter.IsVirtualEnvironment
            ? Path.Combine(root, "include", "site", $"python{interpreter.Major}.{interpreter.Minor}")
            : Path.Combine(root, "include", "python");
        // The folder is the environment: its lock, its journal and the boundary of every uninstall.
        return interpreter with { Prefix = root, Scheme = new SchemePaths(root, root, Path.Combine(root, "bin"), headers, root) };
    }
}
