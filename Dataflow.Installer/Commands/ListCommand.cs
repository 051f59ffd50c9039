using Dataflow.Installer.Inspect;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi list</c>: pip list's output for the environment, read without starting pip.</summary>
internal sealed class ListCommand(ILogger log)
{
    public async Task<int> RunAsync(ListOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var paths = InspectedPaths(options.Paths, options.Local);
        var environment = await InspectedEnvironment.LoadAsync(options.Python, options.CacheDir, message => log.Warning("{Warning:l}", message), cancellationToken, paths).ConfigureAwait(false);
        // As pip: the selection and the excluded names first, then --not-required among what is left.
        var selected = new ListFilter(options.Local, options.Editable, options.ExcludeEditable).Apply(environment.Projects, environment.Interpreter);
        var listed = PackageListing.Listed(selected, options.Exclude);
        if (options.NotRequired)
        {
            listed = ListFilter.NotRequired(listed, environment.Interpreter.MarkerEnvironment);
        }
        // pip's -v adds the location (and installer) to each line, whatever -q says of the log.
        var verbose = options.Verbose >= 1;
        switch (options.Format)
        {
            case ListFormat.Freeze:
                WriteLines(output, PackageListing.Freeze(listed, verbose));
                break;
            case ListFormat.Json:
                await output.WriteAsync(PackageListing.Json(listed, PackageListing.EditableLocations(listed), verbose) + "\n").ConfigureAwait(false);
                break;
            default:
                WriteLines(output, PackageListing.Columns(listed, PackageListing.EditableLocations(listed), verbose));
                break;
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>pip's <c>--path</c> folders; pip refuses them with <c>--local</c>, whose venv they may not be in.</summary>
    internal static IReadOnlyList<string> InspectedPaths(IEnumerable<string> paths, bool local)
    {
        var given = paths.ToList();
        if (given.Count > 0 && local)
        {
            throw new UsageException("--path names the folders to list, and --local the environment's own: use one or the other (as pip).");
        }
        return given;
    }

    internal static void WriteLines(TextWriter output, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            // "\n" whatever the platform: the output is compared with pip's byte for byte.
            output.Write(line);
            output.Write('\n');
        }
    }
}
