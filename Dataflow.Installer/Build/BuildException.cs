namespace Dataflow.Installer.Build;

/// <summary>A source tree cannot be built: its build-system table is wrong, or its backend failed; the message says which and why.</summary>
public sealed class BuildException(string message, Exception? inner = null) : Exception(message, inner);
