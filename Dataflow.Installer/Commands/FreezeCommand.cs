using Dataflow.Installer.Inspect;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi freeze</c>: pip freeze's output for the environment.</summary>
internal sealed class FreezeCommand(ILogger log)
{
    public async Task<int> RunAsync(FreezeOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        void Warn(string message) => log.Warning("{Warning:l}", message);
        var environment = await InspectedEnvironment.LoadAsync(options.Python, options.CacheDir, Warn, cancellationToken).ConfigureAwait(false);
        var skipped = FreezeListing.Skipped(environment.Interpreter.Major, environment.Interpreter.Minor, options.All);
        ListCommand.WriteLines(output, FreezeListing.Lines(environment.Projects, skipped, Warn));
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
