using System.Runtime.InteropServices;
using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Install;

/// <summary>The few POSIX calls .NET has no API for.</summary>
internal static class LibC
{
    /// <summary>Cross-device link: the cache and the environment are on different filesystems.</summary>
    public const int EXDEV = 18;

    /// <summary>The target name exists already.</summary>
    public const int EEXIST = 17;

    /// <summary>The filesystem does not support hard links (or forbids them, e.g. protected_hardlinks).</summary>
    public const int EPERM = 1;

    /// <summary>No such file or folder.</summary>
    public const int ENOENT = 2;

    /// <summary>A component of the path is not a folder.</summary>
    public const int ENOTDIR = 20;

    /// <summary>Permission denied.</summary>
    public const int EACCES = 13;

    // DllImport rather than LibraryImport: the generator's UTF-8 marshalling needs unsafe code, which the project disallows.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkEncoded(byte[] existing, byte[] created);

    [DllImport("libc", EntryPoint = "linkat", SetLastError = true)]
    private static extern int LinkAtEncoded(int existingFolder, byte[] existing, int createdFolder, byte[] created, int flags);

    [DllImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    private static extern int MakeDirectoryAtEncoded(int folder, byte[] path, uint mode);

    // The two paths of a link (or the one of a mkdirat), encoded into each thread's buffers (see NativePath).
    [ThreadStatic]
    private static byte[]? t_existing;

    [ThreadStatic]
    private static byte[]? t_created;

    /// <summary>The mode a new folder asks for, as mkdir(1) and .NET ask: the umask takes its bits away.</summary>
    private const uint FolderMode = 0x1FF;

    /// <summary>Creates a hard link; returns 0 or the errno.</summary>
    public static int Link(string existing, string created) => Link(NativePath.Encode(ref t_existing, "", existing), created);

    /// <summary>
    /// Hard-links <paramref name="existing"/> below the open <paramref name="existingFolder"/> to <paramref name="created"/>
    /// below the open <paramref name="createdFolder"/> (linkat(2), not following a final symlink); returns 0 or the errno.
    /// </summary>
    public static int LinkAt(int existingFolder, string existing, int createdFolder, ReadOnlySpan<char> created) =>
        LinkAtEncoded(existingFolder, NativePath.Encode(ref t_existing, "", existing), createdFolder, NativePath.Encode(ref t_created, "", created), 0) == 0
            ? 0
            : Marshal.GetLastPInvokeError();

    /// <summary>Creates the folder <paramref name="path"/> below the open <paramref name="folder"/> (mkdirat(2)); returns 0 or the errno.</summary>
    public static int MakeDirectoryAt(int folder, ReadOnlySpan<char> path) =>
        MakeDirectoryAtEncoded(folder, NativePath.Encode(ref t_created, "", path), FolderMode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>
    /// Hard-links <paramref name="directory"/>/<paramref name="relative"/> to <paramref name="created"/>, without making the
    /// joined path; returns 0 or the errno.
    /// </summary>
    public static int Link(string directory, string relative, string created) =>
        Link(NativePath.Encode(ref t_existing, directory, relative), created);

    private static int Link(byte[] existing, string created) =>
        LinkEncoded(existing, NativePath.Encode(ref t_created, "", created)) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>
    /// rename(2): one call for a file or a folder, replacing a file at <paramref name="to"/>; returns 0 or the errno.
    /// .NET's File.Move without overwrite costs a link and an unlink, and Directory.Move refuses an existing target.
    /// </summary>
    public static int Rename(string from, string to) =>
        RenameNative(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
