using Dataflow.Installer.Inspect;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi freeze</c>: pip freeze's output for the environment.</summary>
internal sealed class FreezeCommand(ILogger log)
{
    public async Task<int> RunAsync(FreezeOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        void Warn(string message) => log.Warning("{Warning:l}", message);
        var paths = ListCommand.InspectedPaths(options.Paths, options.Local);
        var environment = await InspectedEnvironment.LoadAsync(options.Python, options.CacheDir, Warn, cancellationToken, paths).ConfigureAwait(false);
        var skipped = new HashSet<string>(FreezeListing.Skipped(environment.Interpreter.Major, environment.Interpreter.Minor, options.All), StringComparer.Ordinal);
        skipped.UnionWith(options.Exclude.Select(InstalledProjectScanner.Normalize));
        var selected = new ListFilter(options.Local, ExcludeEditables: options.ExcludeEditable).Apply(environment.Projects, environment.Interpreter);
        ListCommand.WriteLines(output, await FreezeListing.LinesAsync(selected, skipped, cancellationToken, Warn).ConfigureAwait(false));
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
