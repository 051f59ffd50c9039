using Dataflow.Installer.Inspect;
using Dataflow.Installer.Pipeline;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>
/// uv's <c>--strict</c>: after a sync, what <c>dfi check</c> would report for the environment, as warnings. A sync installs
/// exactly the files' set without resolving it, so this is where a set that misses a dependency shows; the sync stands.
/// </summary>
internal static class StrictCheck
{
    /// <summary>Warns about each unmet or conflicting requirement in <paramref name="plan"/>'s environment.</summary>
    public static void Warn(EnvironmentPlan plan, ILogger log)
    {
        void Warn(string message) => log.Warning("{Environment}: {Problem:l}", plan.Name, message);
        var scheme = plan.Interpreter.Scheme;
        var projects = InstalledProjectScanner.Scan([scheme.Purelib, scheme.Platlib], Warn);
        // Markers are read for the interpreter the files are for (a --target for another platform included).
        var check = DependencyCheck.Run(projects, plan.Interpreter.MarkerEnvironment, Warn);
        if (!check.Broken)
        {
            return;
        }
        foreach (var line in check.Lines)
        {
            Warn(line);
        }
    }
}
