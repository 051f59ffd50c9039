using System.Runtime.InteropServices;

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

    // DllImport rather than LibraryImport: the generator's UTF-8 marshalling needs unsafe code, which the project disallows.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkNative([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    /// <summary>Creates a hard link; returns 0 or the errno.</summary>
    public static int Link(string existing, string created) =>
        LinkNative(existing, created) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>
    /// rename(2): one call for a file or a folder, replacing a file at <paramref name="to"/>; returns 0 or the errno.
    /// .NET's File.Move without overwrite costs a link and an unlink, and Directory.Move refuses an existing target.
    /// </summary>
    public static int Rename(string from, string to) =>
        RenameNative(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
