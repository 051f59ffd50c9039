namespace Dataflow.Installer.Index;

/// <summary>No acceptable file was found for a requirement; the message says what exists and why it was refused.</summary>
public sealed class FindingException(string message) : Exception(message);
