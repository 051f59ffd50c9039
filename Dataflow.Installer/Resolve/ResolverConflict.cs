namespace Dataflow.Installer.Resolve;

/// <summary>Why one branch of the search failed.</summary>
/// <param name="Key">The same for failures of the same shape that differ only in the versions of the packages in the chain.</param>
internal sealed record ResolverConflict(string Key, string Message);
