namespace Dataflow.Installer.Cache;

/// <summary>
/// A run's staging folder inside the cache, made the first time something asks where it is. A run that downloads and
/// builds nothing (a warm sync) never makes it, so it neither creates a folder nor takes an owner file that a later
/// run would have to probe and remove.
/// </summary>
internal sealed class ScratchFolder(CacheRoot cache, string purpose)
{
    private readonly Lazy<string> _path = new(() => cache.CreateTempDirectory(purpose), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder, made now if it is not yet.</summary>
    public string Path => _path.Value;

    /// <summary>The folder if it has been made, else null: what a run's clean-up removes.</summary>
    public string? Made => _path.IsValueCreated ? _path.Value : null;
}
