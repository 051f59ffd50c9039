using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options every verb takes. CommandLineParser needs mutable classes, hence no records.</summary>
public abstract class GlobalOptions
{
    [Option('q', "quiet", HelpText = "Print only errors and the summary.")]
    public bool Quiet { get; set; }

    [Option('v', "verbose", FlagCounter = true, HelpText = "More detail on stderr: -v for each distribution, -vv for everything.")]
    public int Verbose { get; set; }
}
