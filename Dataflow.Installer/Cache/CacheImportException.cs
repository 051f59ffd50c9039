namespace Dataflow.Installer.Cache;

/// <summary>An archive given to <c>dfi cache import</c> is refused as a whole: damaged, truncated, or holding a hostile member.</summary>
internal sealed class CacheImportException(string message, Exception? inner = null) : IOException(message, inner);
