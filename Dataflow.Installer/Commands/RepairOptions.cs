using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi repair</c>.</summary>
[Verb("repair", HelpText = "Put back a virtual environment that a dfi run left half-changed (killed, crashed): undo what that run did.")]
public sealed class RepairOptions : GlobalOptions
{
    [Option('p', "python", HelpText = "The virtual environment (its folder or its interpreter). Default: $VIRTUAL_ENV, else ./.venv.")]
    public string? Python { get; set; }
}
