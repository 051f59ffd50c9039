namespace Dataflow.Installer.Cache;

/// <summary>A published, verified, unzipped wheel in the cache.</summary>
/// <param name="Sha256">The wheel archive's sha256, which names the entry.</param>
/// <param name="Directory">The entry's folder.</param>
/// <param name="Tree">The wheel's contents, exactly as in the archive.</param>
public sealed record CacheEntry(string Sha256, string Directory, string Tree)
{
    public const string TreeFolderName = "tree";

    public static CacheEntry At(string sha256, string directory) => new(sha256, directory, Path.Combine(directory, TreeFolderName));
}
