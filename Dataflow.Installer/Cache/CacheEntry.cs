namespace Dataflow.Installer.Cache;

/// <summary>A published, verified, unzipped wheel in the cache.</summary>
/// <param name="Sha256">The wheel archive's sha256, which names the entry.</param>
/// <param name="Directory">The entry's folder.</param>
/// <param name="Tree">The wheel's contents, exactly as in the archive.</param>
public sealed record CacheEntry(string Sha256, string Directory, string Tree)
{
    public const string TreeFolderName = "tree";

    /// <summary>The <see cref="EntryManifest"/> beside the tree: outside the wheel's own files, so RECORD and installs never see it.</summary>
    public const string ManifestFileName = "manifest-v1";

    /// <summary>
    /// The wheel's own RECORD, beside the tree, kept only when the tree's RECORD was mended to list exactly its files
    /// (a wheel whose RECORD leaves members out or lists files it lacks): installs write pip's rows from it.
    /// </summary>
    public const string WheelRecordFileName = "wheel-RECORD";

    /// <summary>The stamps the tree's files were checked against when the entry was found or made; installs check them again as they link.</summary>
    internal EntryManifest? Manifest { get; init; }

    /// <summary>Two entries are the same entry whatever manifest each was found with.</summary>
    public bool Equals(CacheEntry? other) =>
        other is not null && Sha256 == other.Sha256 && Directory == other.Directory && Tree == other.Tree;

    public override int GetHashCode() => HashCode.Combine(Sha256, Directory, Tree);

    public static CacheEntry At(string sha256, string directory) => new(sha256, directory, Path.Combine(directory, TreeFolderName));
}
