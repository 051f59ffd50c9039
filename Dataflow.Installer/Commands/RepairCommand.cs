using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>
/// Runs <c>dfi repair</c>: replays the journal a dead run left in the environment, as the next sync would, and
/// says what it restored. Python is not started: a half-changed environment may not run.
/// </summary>
internal sealed class RepairCommand(ILogger log)
{
    public async Task<int> RunAsync(RepairOptions options, CancellationToken cancellationToken)
    {
        var prefix = EnvironmentPrefix(TargetEnvironment.ResolveInterpreter(options.Python));
        var recovery = await EnvironmentTransaction.RecoverAsync(prefix, message => log.Information("{Message}", message), cancellationToken).ConfigureAwait(false);
        Console.Out.WriteLine(recovery switch
        {
            null => $"Nothing to repair in {prefix}: no unfinished dfi run left changes there.",
            { RolledForward: true } => $"Repaired {prefix}: the last run had finished its changes; its leftovers were removed.",
            _ => $"Repaired {prefix}: the unfinished run's changes were undone ({recovery.Removed} added file(s) removed, {recovery.Restored} file(s) or folder(s) restored, {recovery.RemovedDirectories} folder(s) removed).",
        });
        return ExitCodes.Success;
    }

    // <prefix>/bin/python, and a virtual environment has pyvenv.cfg at its root (PEP 405).
    private static string EnvironmentPrefix(string interpreter)
    {
        var prefix = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(interpreter)));
        if (prefix is null || !File.Exists(Path.Combine(prefix, "pyvenv.cfg")))
        {
            throw new InterpreterException($"'{interpreter}' is not the interpreter of a virtual environment (no pyvenv.cfg above it); dfi repairs virtual environments only.");
        }
        return prefix;
    }
}
