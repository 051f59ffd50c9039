using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dataflow.Installer.Cache;

/// <summary>flock(2), which .NET has no API for (its FileShare emulation is switched off in dfi's runtime config).</summary>
internal static class FileLockNative
{
    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    private const int EINTR = 4;

    // DllImport rather than LibraryImport, like Install/LibC: the project does not allow the generator's unsafe code.
    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fileDescriptor, int operation);

    /// <summary>Tries once, without blocking, to take the lock; false when another open file holds a conflicting one.</summary>
    public static bool TryLock(SafeFileHandle handle, bool exclusive)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                if (Flock((int)handle.DangerousGetHandle(), (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
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
                throw new IOException($"flock(2) failed with errno {errno}.");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // EWOULDBLOCK is EAGAIN: 11 on Linux, 35 on the BSDs and macOS.
    private static int WouldBlock => OperatingSystem.IsLinux() ? 11 : 35;
}
