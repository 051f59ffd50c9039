namespace Dataflow.Installer.Install;

/// <summary>How a file in the cache becomes a file in the environment.</summary>
public enum LinkMode
{
    /// <summary>A hard link to the cache's file; falls back to copying across filesystems.</summary>
    Hardlink,

    /// <summary>A full copy.</summary>
    Copy,

    /// <summary>A symbolic link to the cache's file.</summary>
    Symlink,
}
