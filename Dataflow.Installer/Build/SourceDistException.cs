namespace Dataflow.Installer.Build;

/// <summary>A source distribution archive is unreadable, uses a format dfi cannot unpack, or holds a member that is refused.</summary>
internal sealed class SourceDistException(string message, Exception? inner = null) : Exception(message, inner);
