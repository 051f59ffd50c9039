namespace Dataflow.Installer.Download;

/// <summary>A file could not be fetched, or what was fetched is not what was expected.</summary>
public sealed class DownloadException(string message, Exception? inner = null) : Exception(message, inner);
