using System.Runtime.InteropServices;

namespace Dataflow.Installer.Cache;

/// <summary>
/// One statx(2) per file on Linux: FileInfo would also ask geteuid(2) for its read-only attribute, doubling the
/// syscalls of a check that runs for every file of every entry a warm sync links.
/// </summary>
internal static class FileStampNative
{
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMtime = 0x40;
    private const uint StatxSize = 0x200;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int ENOSYS = 38;

    // struct statx has one layout on every architecture (unlike struct stat).
    private const int StatxBufferSize = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int MtimeSecondsOffset = 112;
    private const int MtimeNanosecondsOffset = 120;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    [ThreadStatic]
    private static byte[]? t_buffer;

    // The path, encoded into the thread's buffer (see NativePath).
    [ThreadStatic]
    private static byte[]? t_path;

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    // DllImport rather than LibraryImport: the generator's UTF-8 marshalling needs unsafe code, which the project disallows.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxNative(int directory, byte[] path, int flags, uint mask, byte[] buffer);

    /// <summary>What is at a path: a regular file and its stamp, nothing, something else, or an error (its errno).</summary>
    public static (FileStampKind Kind, FileStamp Stamp, int Errno) Probe(string path) => Probe(path, null);

    /// <summary>
    /// <see cref="Probe(string)"/> of <paramref name="directory"/>/<paramref name="member"/>, without making that path
    /// as a string: a warm sync checks every file of every cache entry it links this way.
    /// </summary>
    public static (FileStampKind Kind, FileStamp Stamp, int Errno) Probe(string directory, string? member)
    {
        if (s_unavailable)
        {
            return ProbeManaged(member is null ? directory : Path.Combine(directory, member));
        }
        var encoded = member is null ? NativePath.Encode(ref t_path, "", directory) : NativePath.Encode(ref t_path, directory, member);
        return Probe(FolderHandle.WorkingFolder, encoded, directory, member);
    }

    /// <summary>
    /// <see cref="Probe(string)"/> of <paramref name="relative"/> below the open <paramref name="folder"/>: the kernel
    /// walks only the relative path's few components.
    /// </summary>
    public static (FileStampKind Kind, FileStamp Stamp, int Errno) Probe(FolderHandle folder, string relative)
    {
        if (s_unavailable)
        {
            return ProbeManaged(Path.Combine(folder.Path, relative));
        }
        return Probe(folder.Descriptor, NativePath.Encode(ref t_path, "", relative), folder.Path, relative);
    }

    // The whole path (directory/member) is made only when statx is missing and the managed probe takes over.
    private static (FileStampKind Kind, FileStamp Stamp, int Errno) Probe(int folder, byte[] encoded, string directory, string? member)
    {
        var buffer = t_buffer ??= new byte[StatxBufferSize];
        int result;
        try
        {
            result = StatxNative(folder, encoded, AtSymlinkNoFollow, StatxType | StatxSize | StatxMtime, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            // A libc older than glibc 2.28 (or another libc without the wrapper).
            s_unavailable = true;
            return ProbeManaged(member is null ? directory : Path.Combine(directory, member));
        }
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ENOSYS)
            {
                s_unavailable = true;
                return ProbeManaged(member is null ? directory : Path.Combine(directory, member));
            }
            return errno is ENOENT or ENOTDIR ? (FileStampKind.Missing, default, 0) : (FileStampKind.Unreadable, default, errno);
        }
        if ((BitConverter.ToUInt16(buffer, ModeOffset) & FileTypeMask) != RegularFile)
        {
            return (FileStampKind.NotRegular, default, 0);
        }
        var seconds = BitConverter.ToInt64(buffer, MtimeSecondsOffset);
        var nanoseconds = BitConverter.ToUInt32(buffer, MtimeNanosecondsOffset);
        // The same truncation to 100 ns as FileInfo.LastWriteTimeUtc, so both ways give equal stamps.
        var ticks = DateTime.UnixEpoch.Ticks + (seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100);
        return (FileStampKind.Regular, new FileStamp(BitConverter.ToInt64(buffer, SizeOffset), ticks), 0);
    }

    private static (FileStampKind Kind, FileStamp Stamp, int Errno) ProbeManaged(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Directory.Exists(path) ? (FileStampKind.NotRegular, default, 0) : (FileStampKind.Missing, default, 0);
        }
        if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            return (FileStampKind.NotRegular, default, 0);
        }
        return (FileStampKind.Regular, new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks), 0);
    }
}
