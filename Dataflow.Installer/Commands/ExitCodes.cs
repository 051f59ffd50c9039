namespace Dataflow.Installer.Commands;

/// <summary>The process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work failed: a distribution could not be found, fetched, verified or installed.</summary>
    public const int Failure = 1;

    /// <summary>The command line or an input file is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Stopped by Ctrl+C (SIGINT), after clean-up.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM, after clean-up.</summary>
    public const int Terminated = 143;
}
