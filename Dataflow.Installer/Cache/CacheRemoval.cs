namespace Dataflow.Installer.Cache;

/// <summary>Something <c>clean</c> or <c>prune</c> removed from the cache.</summary>
/// <param name="Path">Relative to the cache root, with forward slashes.</param>
/// <param name="Reason">Why it went, or what it was (e.g. <c>requests 2.31.0</c>).</param>
/// <param name="Bytes">The size it freed.</param>
internal sealed record CacheRemoval(string Path, string Reason, long Bytes);
