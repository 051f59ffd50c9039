namespace Dataflow.Installer.Commands;

/// <summary>A batch manifest is malformed; the message names the file and line.</summary>
public sealed class ManifestException(string message) : Exception(message);
