namespace Dataflow.Installer.Commands;

/// <summary>The run failed and its errors were already reported one by one.</summary>
public sealed class SyncFailedException(string message) : Exception(message);
