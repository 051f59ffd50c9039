namespace Dataflow.Installer.Commands;

/// <summary>One environment to bring in line: its interpreter, its requirements files, and index options of its own.</summary>
/// <param name="Name">How messages name it (its folder as the user wrote it).</param>
/// <param name="Interpreter">The environment's interpreter.</param>
/// <param name="RequirementFiles">Its requirements files, read in order as one.</param>
/// <param name="IndexUrl">Overrides the command line's and the files' <c>--index-url</c>.</param>
/// <param name="ExtraIndexUrls">Added before the command line's extra indexes.</param>
/// <param name="FindLinks">Added before the command line's find-links.</param>
/// <param name="NoIndex">Ignores every index for this environment.</param>
/// <param name="Target">A folder to install into instead of the interpreter's environment (<c>--target</c>).</param>
/// <param name="Prefix">A folder to install below as the interpreter's prefix (<c>--prefix</c>).</param>
/// <param name="System">The interpreter may be outside a virtual environment (<c>--system</c>).</param>
/// <param name="BreakSystemPackages">Even one its distributor marks externally managed (PEP 668).</param>
/// <param name="Foreign">The interpreter the files are for, when not the one asked (pip's <c>--platform</c> and friends).</param>
internal sealed record EnvironmentRequest(
    string Name,
    string Interpreter,
    IReadOnlyList<string> RequirementFiles,
    string? IndexUrl = null,
    IReadOnlyList<string>? ExtraIndexUrls = null,
    IReadOnlyList<string>? FindLinks = null,
    bool NoIndex = false,
    string? Target = null,
    string? Prefix = null,
    bool System = false,
    bool BreakSystemPackages = false,
    Environments.ForeignInterpreter? Foreign = null);
