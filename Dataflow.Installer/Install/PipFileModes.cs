using System.Runtime.InteropServices;

namespace Dataflow.Installer.Install;

/// <summary>
/// The modes pip gives the files it installs: 0666 less the process's umask; for a member the wheel marks executable
/// (and a rewritten script), 0777 less it plus every execute bit; for a launcher it writes, 0666 less it plus 0555
/// (distlib's). With the usual umask 022 that is 0644, 0755 and 0755; under 002 0664, 0775, 0775; under 077 0600, 0711, 0755. Cache entries are made with them too, so that a hard link (which shares
/// its inode's mode with the cache) reads as pip's file whenever the cache was filled under the same umask.
/// </summary>
internal static class PipFileModes
{
    private static readonly int s_umask = ReadUmask();
    private static readonly (UnixFileMode Plain, UnixFileMode Executable, UnixFileMode Launcher) s_modes = For(s_umask);

    /// <summary>A file's mode: 0666 less the umask.</summary>
    public static UnixFileMode Plain => s_modes.Plain;

    /// <summary>An executable member's mode: 0777 less the umask, plus 0111 (pip's set_extracted_file_to_default_mode_plus_executable).</summary>
    public static UnixFileMode Executable => s_modes.Executable;

    /// <summary>A generated launcher's mode: 0666 less the umask, plus 0555 (distlib's set_executable_mode).</summary>
    public static UnixFileMode Launcher => s_modes.Launcher;

    /// <summary>True when the umask takes an execute bit away: a file created with <see cref="Executable"/> must then be
    /// given it after (a create mode is filtered by the umask).</summary>
    public static bool UmaskHidesExecuteBits => (s_umask & 0x49) != 0;

    /// <summary>The three modes under <paramref name="umask"/> (its permission bits).</summary>
    internal static (UnixFileMode Plain, UnixFileMode Executable, UnixFileMode Launcher) For(int umask) =>
        ((UnixFileMode)(0x1B6 & ~umask), (UnixFileMode)((0x1FF & ~umask) | 0x49), (UnixFileMode)((0x1B6 & ~umask) | 0x16D));

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
