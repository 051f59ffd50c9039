using CommandLine;
using CommandLine.Text;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi batch</c>.</summary>
[Verb("batch", HelpText = "Bring many virtual environments in line with their requirements in one run, sharing every download and unzip.")]
public sealed class BatchOptions : InstallOptions
{
    [Value(0, MetaName = "MANIFEST", Required = true, HelpText = "A TOML file of [[environment]] tables: path (a venv), target or prefix (folders, as sync --target and --prefix fill them); requirements; optional python and index options; for a target, platform options (platform, python-platform, python-version...).")]
    public string Manifest { get; set; } = "";

    [Option("recreate", HelpText = "Make every virtual environment afresh before installing into it (target and prefix folders are synced as they are).")]
    public bool Recreate { get; set; }

    [Option("fail-fast", HelpText = "Stop every environment at the first failure (default: a failure fails only the environments that need it).")]
    public bool FailFast { get; set; }

    [Option("report", HelpText = "Write a JSON report of every environment and distribution to this file ('-' for stdout).")]
    public string? Report { get; set; }

    // SkipDefault: an example shows only what it sets, not every option's default.
    private static readonly UnParserSettings Shown = new() { SkipDefault = true };

    [Usage(ApplicationAlias = "dfi")]
    public static IEnumerable<Example> Examples =>
    [
        new("Bring every environment of a manifest in line, sharing downloads, builds and unzips", Shown, new BatchOptions { Manifest = "fleet.toml" }),
        new("Fresh environments, a JSON report for the CI system", Shown, new BatchOptions { Manifest = "fleet.toml", Recreate = true, Report = "report.json" }),
    ];
}
