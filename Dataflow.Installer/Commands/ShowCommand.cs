using Dataflow.Installer.Inspect;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi show</c>: pip show's blocks; like pip, exit 1 only when none of the names is installed.</summary>
internal sealed class ShowCommand(ILogger log)
{
    public async Task<int> RunAsync(ShowOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var names = options.Names.ToList();
        if (names.Count == 0)
        {
            log.Warning("Please provide a package name or names.");
            return ExitCodes.Failure;
        }
        var environment = await InspectedEnvironment.LoadAsync(options.Python, options.CacheDir, message => log.Warning("{Warning:l}", message), cancellationToken).ConfigureAwait(false);
        var (lines, notFound) = ProjectReport.Build(environment.Projects, names, environment.Interpreter.MarkerEnvironment, options.Files, verbose: options.Verbose >= 1);
        if (notFound.Count > 0)
        {
            log.Warning("Package(s) not found: {Names:l}", string.Join(", ", notFound));
        }
        ListCommand.WriteLines(output, lines);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return lines.Count > 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
