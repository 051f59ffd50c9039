using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi venv</c>.</summary>
[Verb("venv", HelpText = "Create a virtual environment (without pip) at DIR.")]
public sealed class VenvOptions : GlobalOptions
{
    [Value(0, MetaName = "DIR", Required = false, Default = ".venv", HelpText = "Where to create it (default: .venv). An existing environment there is replaced.")]
    public string Directory { get; set; } = ".venv";

    [Option('p', "python", HelpText = "The interpreter to create it from (a path, or a name on PATH; default: python3).")]
    public string? Python { get; set; }

    [Option("system-site-packages", HelpText = "Let the environment also import what the base interpreter's site-packages hold (python -m venv's option).")]
    public bool SystemSitePackages { get; set; }

    [Option("prompt", HelpText = "The prefix `activate` puts on the shell prompt (default: the folder's name; '.' for the current folder's name).")]
    public string? Prompt { get; set; }

    [Option("seed", HelpText = "Also install pip (and setuptools before Python 3.12) from the wheels the interpreter ships for ensurepip, as python -m venv does, without any index.")]
    public bool Seed { get; set; }

    [Option("cache-dir", HelpText = "The cache folder (default: $DFI_CACHE_DIR, $XDG_CACHE_HOME/dfi or ~/.cache/dfi).")]
    public string? CacheDir { get; set; }
}
