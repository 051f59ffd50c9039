using Dataflow.Installer.Inspect;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi list</c>: pip list's output for the environment, read without starting pip.</summary>
internal sealed class ListCommand(ILogger log)
{
    public async Task<int> RunAsync(ListOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var environment = await InspectedEnvironment.LoadAsync(options.Python, options.CacheDir, message => log.Warning("{Warning:l}", message), cancellationToken).ConfigureAwait(false);
        var selected = new ListFilter(options.Local, options.Editable, options.ExcludeEditable).Apply(environment.Projects, environment.Interpreter);
        if (options.NotRequired)
        {
            selected = ListFilter.NotRequired(selected, environment.Interpreter.MarkerEnvironment);
        }
        var listed = PackageListing.Listed(selected);
        switch (options.Format)
        {
            case ListFormat.Freeze:
                WriteLines(output, PackageListing.Freeze(listed));
                break;
            case ListFormat.Json:
                await output.WriteAsync(PackageListing.Json(listed, PackageListing.EditableLocations(listed)) + "\n").ConfigureAwait(false);
                break;
            default:
                WriteLines(output, PackageListing.Columns(listed, PackageListing.EditableLocations(listed)));
                break;
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
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
