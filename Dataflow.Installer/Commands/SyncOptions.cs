using CommandLine;
using CommandLine.Text;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi sync</c>.</summary>
[Verb("sync", HelpText = "Make a virtual environment match pinned requirements files exactly.")]
public sealed class SyncOptions : InstallOptions
{
    [Value(0, MetaName = "REQUIREMENTS", Min = 1, Required = true, HelpText = "One or more requirements files in pip's format (- reads one from standard input).")]
    public IEnumerable<string> Requirements { get; set; } = [];

    [Option('p', "python", HelpText = "The virtual environment (its folder or its interpreter). Default: $VIRTUAL_ENV, else ./.venv; with --system, the first python3 on PATH outside a venv.")]
    public string? Python { get; set; }

    [Option("system", HelpText = "Sync an interpreter that is not in a virtual environment (its own site-packages: sysconfig's purelib and platlib), as uv's --system; refused where its distributor marks it EXTERNALLY-MANAGED (PEP 668).")]
    public bool System { get; set; }

    [Option("break-system-packages", HelpText = "With --system: sync an interpreter marked EXTERNALLY-MANAGED (PEP 668) all the same, as pip's and uv's option.")]
    public bool BreakSystemPackages { get; set; }

    [Option("prefix", HelpText = "Install below this folder as if it were the interpreter's prefix (made when missing), as pip's --prefix: lib/pythonX.Y/site-packages, bin, include (a build stage's /install, copied over /usr/local later); what is there and not listed is removed.")]
    public string? Prefix { get; set; }

    [Option("target", HelpText = "Install into this folder instead of an environment (made when missing), as pip's --target: packages at its top, scripts in its bin; what is there and not listed is removed. --python names the interpreter it is for.")]
    public string? Target { get; set; }

    [Option("dry-run", HelpText = "Print what would change (+ install, - remove, ~ replace) and change nothing.")]
    public bool DryRun { get; set; }

    [Option("report", HelpText = "Write a JSON report (docs/reports.md) of what was installed, removed and kept, and of every file, to this file; '-' writes it to stdout instead of the summary.")]
    public string? Report { get; set; }

    // SkipDefault: an example shows only what it sets, not every option's default.
    private static readonly UnParserSettings Shown = new() { SkipDefault = true };

    [Usage(ApplicationAlias = "dfi")]
    public static IEnumerable<Example> Examples =>
    [
        new("Make .venv hold exactly what requirements.txt pins (from PyPI)", Shown, new SyncOptions { Requirements = ["requirements.txt"], Python = ".venv" }),
        new("From a private index, with bytecode, as pip would install it", Shown, new SyncOptions { Requirements = ["requirements.txt"], Python = ".venv", IndexUrl = "https://pypi.example.com/simple/", CompileBytecode = true }),
        new("On a CI machine whose cache was warmed and shipped: no network, no build", Shown, new SyncOptions { Requirements = ["requirements.txt"], Offline = true, NoBuild = true }),
        new("Show what would change, and change nothing", Shown, new SyncOptions { Requirements = ["requirements.txt"], DryRun = true }),
        new("Fill a folder to ship with an application (an AWS Lambda package, a zipapp) for python3.12", Shown, new SyncOptions { Requirements = ["requirements.txt"], Python = "3.12", Target = "package" }),
        new("The same for Lambda's x86-64 Python 3.12 from any machine (wheels only)", Shown, new SyncOptions { Requirements = ["requirements.txt"], Target = "package", Platforms = ["manylinux2014_x86_64"], PythonVersion = "3.12", Implementation = "cp" }),
        new("In a container, straight into its interpreter's site-packages", Shown, new SyncOptions { Requirements = ["requirements.txt"], System = true }),
    ];
}
