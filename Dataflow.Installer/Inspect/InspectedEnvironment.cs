using Dataflow.Installer.Cache;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Inspect;

/// <summary>An environment's interpreter facts and the distributions installed in it, read once for an inspection verb.</summary>
internal sealed record InspectedEnvironment(InterpreterInfo Interpreter, IReadOnlyList<InstalledProject> Projects)
{
    /// <summary>
    /// Finds the environment from <c>--python</c> (a venv folder or an interpreter), <c>$VIRTUAL_ENV</c> or <c>./.venv</c>,
    /// as <c>dfi sync</c> does; the interpreter's answers come from the shared interpreter cache when fresh, its
    /// search path from the interpreter itself.
    /// </summary>
    /// <param name="paths">pip's <c>--path</c>: only these folders (a <c>--target</c> folder) are read, not the interpreter's
    /// search path; the interpreter is then the usual environment's when there is one, else <c>python3</c> on PATH.</param>
    public static async Task<InspectedEnvironment> LoadAsync(
        string? python, string? cacheDir, Action<string>? warn, CancellationToken cancellationToken, IReadOnlyList<string>? paths = null)
    {
        var onlyPaths = paths is { Count: > 0 };
        var executable = TargetEnvironment.ResolveForSync(python, system: false, target: onlyPaths);
        var query = await PythonInterpreter.QueryAsync(executable, cacheDir ?? CacheRoot.DefaultPath(), cancellationToken).ConfigureAwait(false);
        // pip lists what the interpreter can import: with the site folders come the base's in a venv that includes
        // them, the user's, and folders .pth files add (legacy develop installs); in sys.path's order, as pip finds them.
        var searchPath = onlyPaths
            ? paths!.Select(Path.GetFullPath).ToList()
            : await PythonInterpreter.SearchPathAsync(query.Info.Executable, cancellationToken).ConfigureAwait(false);
        return new InspectedEnvironment(query.Info, InstalledProjectScanner.Scan(searchPath, warn));
    }
}
