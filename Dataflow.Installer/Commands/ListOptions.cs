using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi list</c>.</summary>
[Verb("list", HelpText = "List the distributions installed in an environment, as `pip list` does.")]
public sealed class ListOptions : GlobalOptions
{
    [Option('p', "python", HelpText = "The environment (its folder or its interpreter). Default: $VIRTUAL_ENV, else ./.venv.")]
    public string? Python { get; set; }

    [Option("cache-dir", HelpText = "The cache folder, for its record of interpreters (default: $DFI_CACHE_DIR, $XDG_CACHE_HOME/dfi or ~/.cache/dfi).")]
    public string? CacheDir { get; set; }

    [Option("format", Default = ListFormat.Columns, HelpText = "columns (default), freeze (name==version) or json.")]
    public ListFormat Format { get; set; } = ListFormat.Columns;

    [Option("path", HelpText = "Only what is installed in these folders (a --target folder, a site-packages), not on the interpreter's search path, as pip's --path (repeatable).")]
    public IEnumerable<string> Paths { get; set; } = [];

    [Option('l', "local", HelpText = "In a virtual environment that includes the base's site-packages, leave out what is installed outside it.")]
    public bool Local { get; set; }

    [Option('e', "editable", HelpText = "Only editable installs (PEP 660 and legacy develop installs).")]
    public bool Editable { get; set; }

    [Option("exclude-editable", HelpText = "Leave out editable installs.")]
    public bool ExcludeEditable { get; set; }

    [Option("not-required", HelpText = "Only distributions no other listed distribution requires.")]
    public bool NotRequired { get; set; }

    [Option("exclude", HelpText = "Leave out these distributions (by name; repeat the option or separate names with spaces).")]
    public IEnumerable<string> Exclude { get; set; } = [];
}
