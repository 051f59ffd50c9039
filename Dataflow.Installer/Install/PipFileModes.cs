using System.Runtime.InteropServices;

namespace Dataflow.Installer.Install;

/// <summary>
/// The modes pip gives the files it installs: 0666 less the process's umask, and 0777 less it for executables (pip
/// creates a file with the default mode and adds the execute bits the umask allows). With the usual umask 022 that is
/// 0644 and 0755; under 002 it is 0664 and 0775. Cache entries are made with them too, so that a hard link (which shares
/// its inode's mode with the cache) reads as pip's file whenever the cache was filled under the same umask.
/// </summary>
internal static class PipFileModes
{
    private static readonly (UnixFileMode Plain, UnixFileMode Executable) s_modes = For(ReadUmask());

    /// <summary>A file's mode: 0666 less the umask.</summary>
    public static UnixFileMode Plain => s_modes.Plain;

    /// <summary>An executable's mode: 0777 less the umask.</summary>
    public static UnixFileMode Executable => s_modes.Executable;

    /// <summary>The two modes under <paramref name="umask"/> (its permission bits).</summary>
    internal static (UnixFileMode Plain, UnixFileMode Executable) For(int umask) =>
        ((UnixFileMode)(0x1B6 & ~umask), (UnixFileMode)(0x1FF & ~umask));

    /// <summary>
    /// The process's umask: from <c>/proc/self/status</c> on Linux (read only; umask(2) can only be learnt by setting it,
    /// which would change it for every thread for a moment), else by setting it and putting it back at once.
    /// </summary>
    private static int ReadUmask()
    {
        if (OperatingSystem.IsWindows())
        {
            return 0x12;
        }
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal))
                {
                    return Convert.ToInt32(line["Umask:".Length..].Trim(), 8) & 0x1FF;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // No procfs (macOS, a locked-down container): asked of the kernel below.
        }
        var previous = SetUmask(0x12);
        SetUmask(previous);
        return previous & 0x1FF;
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern int SetUmask(int mask);
}
