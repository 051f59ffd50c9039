using System.Runtime.InteropServices;

namespace Dataflow.Installer.Install;

/// <summary>Copy-on-write clones through Linux's FICLONE ioctl, and the device numbers that tell filesystems apart.</summary>
internal static class CloneNative
{
    /// <summary><c>_IOW(0x94, 9, int)</c> from linux/fs.h; the same number as btrfs's older BTRFS_IOC_CLONE.</summary>
    public const uint Ficlone = 0x40049409;

    // The generic Linux values, shared by x86-64 and arm64.
    private const int ReadOnly = 0x0;
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int AtCurrentDirectory = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxMode = 0x2;
    private const int EINTR = 4;

    // struct statx has one layout on every architecture (unlike struct stat): stx_mode at 28, stx_dev_major/minor at 136/140.
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    private const uint UserExecute = 0x40;

    [ThreadStatic]
    private static byte[]? t_statx;

    // DllImport rather than LibraryImport: the generator's UTF-8 marshalling needs unsafe code, which the project disallows.
    // open(2) and ioctl(2) are variadic in C; on x86-64 and arm64 Linux a trailing int is passed as a fixed one would be.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int CloseNative(int descriptor);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int IoctlNative(int descriptor, nuint request, int argument);

    [DllImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static extern int FchmodNative(int descriptor, uint mode);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxNative(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "unlink")]
    private static extern int UnlinkNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    /// <summary>
    /// Creates <paramref name="target"/> (which must not exist) as a clone of <paramref name="source"/>, 0755 when the
    /// source is executable by its owner and 0644 otherwise under the usual umask (as a copy is, <see cref="PipFileModes"/>); returns 0 or the errno. EEXIST means the
    /// name was taken and is left alone; after any other failure no file is left at <paramref name="target"/>.
    /// </summary>
    public static int CloneNew(string source, string target)
    {
        var input = OpenNative(source, ReadOnly | CloseOnExec, 0);
        if (input < 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        try
        {
            var buffer = t_statx ??= new byte[StatxSize];
            if (StatxNative(input, "", AtEmptyPath, StatxMode, buffer) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }
            var mode = (uint)((BitConverter.ToUInt16(buffer, ModeOffset) & UserExecute) != 0 ? PipFileModes.Executable : PipFileModes.Plain);
            var output = OpenNative(target, WriteOnly | Create | Exclusive | CloseOnExec, mode);
            if (output < 0)
            {
                return Marshal.GetLastPInvokeError();
            }
            var errno = Clone(output, input);
            // Set after creation: a create mode is filtered by the umask, and a copy's mode must not depend on it.
            if (errno == 0 && FchmodNative(output, mode) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
            }
            CloseNative(output);
            if (errno != 0)
            {
                UnlinkNative(target);
            }
            return errno;
        }
        finally
        {
            CloseNative(input);
        }
    }

    /// <summary>The "major:minor" device of the filesystem holding <paramref name="path"/>, or null when statx is unavailable.</summary>
    public static string? DeviceOf(string path)
    {
        var buffer = t_statx ??= new byte[StatxSize];
        try
        {
            if (StatxNative(AtCurrentDirectory, path, 0, 0, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.28 has no statx wrapper.
            return null;
        }
        return $"{BitConverter.ToUInt32(buffer, DeviceMajorOffset)}:{BitConverter.ToUInt32(buffer, DeviceMinorOffset)}";
    }

    private static int Clone(int output, int input)
    {
        while (IoctlNative(output, Ficlone, input) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                return errno;
            }
        }
        return 0;
    }
}
