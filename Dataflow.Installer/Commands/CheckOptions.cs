using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi check</c>.</summary>
[Verb("check", HelpText = "Verify that every installed distribution's requirements are installed, as `pip check` does (exit 1 when not).")]
public sealed class CheckOptions : GlobalOptions
{
    [Option('p', "python", HelpText = "The environment (its folder or its interpreter). Default: $VIRTUAL_ENV, else ./.venv.")]
    public string? Python { get; set; }

    [Option("cache-dir", HelpText = "The cache folder, for its record of interpreters (default: $DFI_CACHE_DIR, $XDG_CACHE_HOME/dfi or ~/.cache/dfi).")]
    public string? CacheDir { get; set; }
}
