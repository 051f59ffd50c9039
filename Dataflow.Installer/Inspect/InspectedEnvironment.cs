using Dataflow.Installer.Cache;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Inspect;

/// <summary>An environment's interpreter facts and the distributions installed in it, read once for an inspection verb.</summary>
internal sealed record InspectedEnvironment(InterpreterInfo Interpreter, IReadOnlyList<InstalledProject> Projects)
{
    /// <summary>
    /// Finds the environment from <c>--python</c> (a venv folder or an interpreter), <c>$VIRTUAL_ENV</c> or <c>./.venv</c>,
    /// as <c>dfi sync</c> does; the interpreter's answers come from the shared interpreter cache when fresh.
    /// </summary>
    public static async Task<InspectedEnvironment> LoadAsync(string? python, string? cacheDir, Action<string>? warn, CancellationToken cancellationToken)
    {
        var executable = TargetEnvironment.ResolveInterpreter(python);
        var query = await PythonInterpreter.QueryAsync(executable, cacheDir ?? CacheRoot.DefaultPath(), cancellationToken).ConfigureAwait(false);
        var scheme = query.Info.Scheme;
        return new InspectedEnvironment(query.Info, InstalledProjectScanner.Scan([scheme.Purelib, scheme.Platlib], warn));
    }
}
