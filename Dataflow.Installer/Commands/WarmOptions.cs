using CommandLine;
using CommandLine.Text;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi warm</c>.</summary>
[Verb("warm", HelpText = "Download, build and unzip into the cache everything the requirements need, installing nothing (the nightly cache-warming job).")]
public sealed class WarmOptions : InstallOptions
{
    [Value(0, MetaName = "REQUIREMENTS", HelpText = "Requirements files in pip's format.")]
    public IEnumerable<string> Requirements { get; set; } = [];

    [Option("manifest", HelpText = "A batch manifest (TOML): warm every environment's requirements for its interpreter.")]
    public string? Manifest { get; set; }

    [Option('p', "python", Separator = ',', HelpText = "Interpreters whose wheels to warm (repeatable; default: python3 on PATH). Need not be virtual environments.")]
    public IEnumerable<string> Pythons { get; set; } = [];

    [Option("wheelhouse", HelpText = "Also put every wheel (downloaded or built) into this folder, kept as a static PEP 503 index under simple/.")]
    public string? Wheelhouse { get; set; }

    [Option("fail-fast", HelpText = "Stop at the first failure (default: every distribution that can be warmed is).")]
    public bool FailFast { get; set; }

    [Option("report", HelpText = "Write a JSON report (docs/reports.md) of every file prepared, to this file; '-' writes it to stdout instead of the summary.")]
    public string? Report { get; set; }

    // SkipDefault: an example shows only what it sets, not every option's default.
    private static readonly UnParserSettings Shown = new() { SkipDefault = true };

    [Usage(ApplicationAlias = "dfi")]
    public static IEnumerable<Example> Examples =>
    [
        new("The nightly job: fill the cache for two Pythons", Shown, new WarmOptions { Requirements = ["requirements.txt"], Pythons = ["python3.11", "python3.12"] }),
        new("Warm a batch manifest and publish every wheel as a static index", Shown, new WarmOptions { Manifest = "fleet.toml", Wheelhouse = "/srv/wheelhouse" }),
    ];
}
