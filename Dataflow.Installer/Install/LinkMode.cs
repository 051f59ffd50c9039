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

    /// <summary>
    /// A copy-on-write clone (reflink, the FICLONE ioctl) of the cache's file where the filesystem has them
    /// (btrfs, xfs with reflink, bcachefs); otherwise a hard link, then a copy, with one warning per run.
    /// </summary>
    Clone,

    /// <summary>
    /// The default: <see cref="Clone"/> where the filesystems allow it, else <see cref="Hardlink"/>, else
    /// <see cref="Copy"/>, chosen by one probe per run and per pair of filesystems, silently (as uv does).
    /// </summary>
    Auto,
}
