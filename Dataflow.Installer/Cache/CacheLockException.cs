namespace Dataflow.Installer.Cache;

/// <summary>The cache's lock could not be taken in time: another dfi process is using the cache.</summary>
internal sealed class CacheLockException(string message) : IOException(message);
