namespace Dataflow.Installer.Cache;

/// <summary>What <see cref="FileStampNative.Probe"/> found at a path.</summary>
internal enum FileStampKind
{
    Regular,
    Missing,

    /// <summary>A folder, a symbolic link or a device where a file was.</summary>
    NotRegular,

    /// <summary>The stat itself failed (permissions, I/O); the errno says why.</summary>
    Unreadable,
}
