using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Install;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Commands;

/// <summary>Sorts exceptions into the exit codes: bad input is a usage error, a failed step a failure, anything else a bug.</summary>
internal static class CommandErrors
{
    public static bool IsUsageError(Exception exception) =>
        exception is RequirementsFileException or UsageException or ManifestException or FormatException;

    public static bool IsKnown(Exception exception) =>
        exception is InterpreterException or DownloadException or UnzipException or IndexException or FindingException
            or InstallationException or SyncFailedException or IOException or UnauthorizedAccessException;

    /// <summary>What to tell the user: the exception's message, or a sentence naming the file when the disk is full.</summary>
    public static string Describe(Exception exception) => DiskFull.Describe(exception);
}
