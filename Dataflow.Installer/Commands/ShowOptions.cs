using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi show</c>.</summary>
[Verb("show", HelpText = "Show information about installed distributions, as `pip show` does.")]
public sealed class ShowOptions : GlobalOptions
{
    [Value(0, MetaName = "NAME", HelpText = "One or more distribution names, in any spelling.")]
    public IEnumerable<string> Names { get; set; } = [];

    [Option('p', "python", HelpText = "The environment (its folder or its interpreter). Default: $VIRTUAL_ENV, else ./.venv.")]
    public string? Python { get; set; }

    [Option("cache-dir", HelpText = "The cache folder, for its record of interpreters (default: $DFI_CACHE_DIR, $XDG_CACHE_HOME/dfi or ~/.cache/dfi).")]
    public string? CacheDir { get; set; }

    [Option('f', "files", HelpText = "Also list every installed file (from RECORD).")]
    public bool Files { get; set; }
}
