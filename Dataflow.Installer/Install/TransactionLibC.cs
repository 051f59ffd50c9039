using System.Runtime.InteropServices;

namespace Dataflow.Installer.Install;

/// <summary>The POSIX calls an environment transaction needs: open/flock/close for the lock, a bare rename(2).</summary>
internal static class TransactionLibC
{
    /// <summary>No such file or folder.</summary>
    public const int ENOENT = 2;

    /// <summary>Interrupted by a signal.</summary>
    public const int EINTR = 4;

    /// <summary>The lock is held by another open file description (EAGAIN on Linux).</summary>
    public const int EWOULDBLOCK = 11;

    // Linux values; dfi runs on Linux.
    private const int O_RDWR = 0x2;
    private const int O_CREAT = 0x40;
    private const int O_CLOEXEC = 0x80000;
    private const int LOCK_EX = 2;
    private const int LOCK_NB = 4;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int FlockNative(int descriptor, int operation);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseNative(int descriptor);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    /// <summary>Opens (creating, mode 0644) a file for locking; returns the descriptor, or throws with the errno.</summary>
    public static int OpenForLock(string path)
    {
        var descriptor = OpenNative(path, O_RDWR | O_CREAT | O_CLOEXEC, Convert.ToInt32("644", 8));
        return descriptor >= 0 ? descriptor : throw new IOException($"Cannot open the lock file '{path}' (errno {Marshal.GetLastPInvokeError()}).");
    }

    /// <summary>Tries to take an exclusive flock(2) without waiting; returns 0 or the errno.</summary>
    public static int TryLockExclusive(int descriptor) =>
        FlockNative(descriptor, LOCK_EX | LOCK_NB) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Closes a descriptor, which releases its flock.</summary>
    public static void Close(int descriptor) => CloseNative(descriptor);

    /// <summary>
    /// rename(2): one call for a file or a folder, replacing a file at <paramref name="to"/>; returns 0 or the errno.
    /// .NET's File.Move without overwrite costs a link and an unlink, and Directory.Move refuses an existing target.
    /// </summary>
    public static int Rename(string from, string to) =>
        RenameNative(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
