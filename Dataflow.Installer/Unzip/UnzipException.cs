namespace Dataflow.Installer.Unzip;

/// <summary>A wheel archive is unreadable, malformed or fails its own RECORD.</summary>
public sealed class UnzipException(string message, Exception? inner = null) : Exception(message, inner);
