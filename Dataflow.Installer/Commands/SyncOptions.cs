using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi sync</c>.</summary>
[Verb("sync", HelpText = "Make a virtual environment match pinned requirements files exactly.")]
public sealed class SyncOptions : InstallOptions
{
    [Value(0, MetaName = "REQUIREMENTS", Min = 1, Required = true, HelpText = "One or more requirements files in pip's format.")]
    public IEnumerable<string> Requirements { get; set; } = [];

    [Option('p', "python", HelpText = "The virtual environment (its folder or its interpreter). Default: $VIRTUAL_ENV, else ./.venv.")]
    public string? Python { get; set; }

    [Option("dry-run", HelpText = "Print what would change (+ install, - remove, ~ replace) and change nothing.")]
    public bool DryRun { get; set; }

    [Option("report", HelpText = "Write a JSON report (docs/reports.md) of what was installed, removed and kept, and of every file, to this file; '-' writes it to stdout instead of the summary.")]
    public string? Report { get; set; }
}
