using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi freeze</c>.</summary>
[Verb("freeze", HelpText = "Print the installed distributions in requirements format, as `pip freeze` does.")]
public sealed class FreezeOptions : GlobalOptions
{
    [Option('p', "python", HelpText = "The environment (its folder or its interpreter). Default: $VIRTUAL_ENV, else ./.venv.")]
    public string? Python { get; set; }

    [Option("cache-dir", HelpText = "The cache folder, for its record of interpreters (default: $DFI_CACHE_DIR, $XDG_CACHE_HOME/dfi or ~/.cache/dfi).")]
    public string? CacheDir { get; set; }

    [Option("all", HelpText = "Do not skip pip (and, before Python 3.12, setuptools, distribute and wheel).")]
    public bool All { get; set; }

    [Option("path", HelpText = "Only what is installed in these folders (a --target folder, a site-packages), not on the interpreter's search path, as pip's --path (repeatable).")]
    public IEnumerable<string> Paths { get; set; } = [];

    [Option('l', "local", HelpText = "In a virtual environment that includes the base's site-packages, leave out what is installed outside it.")]
    public bool Local { get; set; }

    [Option("exclude-editable", HelpText = "Leave out editable installs.")]
    public bool ExcludeEditable { get; set; }

    [Option("exclude", HelpText = "Leave out these distributions (by name; repeat the option or separate names with spaces).")]
    public IEnumerable<string> Exclude { get; set; } = [];
}
