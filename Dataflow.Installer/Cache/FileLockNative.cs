using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dataflow.Installer.Cache;

/// <summary>
/// flock(2), which .NET has no API for (its FileShare emulation is switched off in dfi's runtime config): the one
/// wrapper behind the cache's locks (<see cref="CacheLock"/>, over a .NET file handle) and the environments' lock
/// (<c>Install/EnvironmentLock</c>, over a bare descriptor from <see cref="OpenForLock"/>).
/// </summary>
internal static class FileLockNative
{
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    private const int EINTR = 4;
    private const int ENOENT = 2;

    // Linux values; dfi runs on Linux.
    private const int O_RDONLY = 0x0;
    private const int O_RDWR = 0x2;
    private const int O_CREAT = 0x40;
    private const int O_CLOEXEC = 0x80000;

    // DllImport rather than LibraryImport, like Install/LibC: the project does not allow the generator's unsafe code.
    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fileDescriptor, int operation);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseNative(int descriptor);

    /// <summary>Tries once, without blocking, to take the lock; false when another open file holds a conflicting one.</summary>
    public static bool TryLock(SafeFileHandle handle, bool exclusive)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return TryLock((int)handle.DangerousGetHandle(), exclusive);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Tries once, without blocking, to take the lock on a bare descriptor; false when another open file description
    /// holds a conflicting one. A signal that interrupts the call is retried, any other failure thrown.
    /// </summary>
    public static bool TryLock(int descriptor, bool exclusive, string? path = null)
    {
        while (true)
        {
            if (Flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
            {
                return true;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }
            if (errno == WouldBlock)
            {
                return false;
            }
            throw new IOException(path is null ? $"flock(2) failed with errno {errno}." : $"Cannot lock '{path}' (errno {errno}).");
        }
    }

    /// <summary>Opens (creating, mode 0644) a file for locking; returns the descriptor, or throws with the errno.</summary>
    public static int OpenForLock(string path)
    {
        var descriptor = OpenNative(path, O_RDWR | O_CREAT | O_CLOEXEC, Convert.ToInt32("644", 8));
        if (descriptor >= 0)
        {
            return descriptor;
        }
        var errno = Marshal.GetLastPInvokeError();
        throw new IOException($"Cannot open the lock file '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
    }

    /// <summary>
    /// Opens an existing file read-only, to test its lock with a shared flock; -1 when it does not exist. Never creates it,
    /// so probing a file that its last user just removed does not bring it back.
    /// </summary>
    public static int OpenExistingToProbe(string path)
    {
        var descriptor = OpenNative(path, O_RDONLY | O_CLOEXEC, 0);
        if (descriptor >= 0)
        {
            return descriptor;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno == ENOENT)
        {
            return -1;
        }
        throw new IOException($"Cannot open the lock file '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
    }

    /// <summary>Closes a descriptor from <see cref="OpenForLock"/>, which releases its flock.</summary>
    public static void Close(int descriptor) => CloseNative(descriptor);

    // EWOULDBLOCK is EAGAIN: 11 on Linux, 35 on the BSDs and macOS.
    internal static int WouldBlock => OperatingSystem.IsLinux() ? 11 : 35;
}
