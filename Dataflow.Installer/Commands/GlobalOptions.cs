using CommandLine;

namespace Dataflow.Installer.Commands;

/// <summary>Options every verb takes. CommandLineParser needs mutable classes, hence no records.</summary>
public abstract class GlobalOptions
{
    [Option('q', "quiet", HelpText = "Print only errors and the summary.")]
    public bool Quiet { get; set; }

    [Option('v', "verbose", FlagCounter = true, HelpText = "More detail on stderr: -v for each distribution, -vv for everything.")]
    public int Verbose { get; set; }

    [Option("no-progress", HelpText = "Draw no live progress display on a terminal (there is none when stderr is not a terminal, or with -q or TERM=dumb).")]
    public bool NoProgress { get; set; }
}
