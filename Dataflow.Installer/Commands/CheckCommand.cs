using Dataflow.Installer.Inspect;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi check</c>: pip check's report; exit 1 when a requirement is broken.</summary>
internal sealed class CheckCommand(ILogger log)
{
    public async Task<int> RunAsync(CheckOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        void Warn(string message) => log.Warning("{Warning:l}", message);
        var environment = await InspectedEnvironment.LoadAsync(options.Python, options.CacheDir, Warn, cancellationToken).ConfigureAwait(false);
        var check = DependencyCheck.Run(environment.Projects, environment.Interpreter.MarkerEnvironment, Warn);
        ListCommand.WriteLines(output, check.Lines);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return check.Broken ? ExitCodes.Failure : ExitCodes.Success;
    }
}
