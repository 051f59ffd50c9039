namespace Dataflow.Installer.Cache;

/// <summary>What a cache file looked like when it was published: its size and its mtime, read without opening it.</summary>
/// <param name="Length">The size in bytes.</param>
/// <param name="LastWriteTicks">The mtime in UTC ticks (100 ns; the filesystem's nanoseconds, truncated).</param>
/// <remarks>Only mtime and size can tell an edit: making a hard link changes the inode's ctime, so ctime would flag every install.</remarks>
internal readonly record struct FileStamp(long Length, long LastWriteTicks)
{
    /// <summary>The stamp of the regular file at <paramref name="path"/> (not following a link), or null when there is none.</summary>
    public static FileStamp? Of(string path) =>
        FileStampNative.Probe(path) is (FileStampKind.Regular, var stamp, _) ? stamp : null;

    /// <summary>
    /// Why the file <paramref name="member"/> inside <paramref name="directory"/> no longer has this stamp, or null when it
    /// has it: one stat, no read.
    /// </summary>
    public string? Problem(string directory, string member) => Problem(FileStampNative.Probe(directory, member));

    /// <summary>As <see cref="Problem(string, string)"/> for <paramref name="relative"/> below the open <paramref name="folder"/>.</summary>
    public string? Problem(FolderHandle folder, string relative) => Problem(FileStampNative.Probe(folder, relative));

    private string? Problem((FileStampKind Kind, FileStamp Stamp, int Errno) probe)
    {
        var (kind, actual, errno) = probe;
        return kind switch
        {
            FileStampKind.Missing => "it is missing",
            FileStampKind.NotRegular => "it is no longer a regular file (a link or a folder in its place)",
            FileStampKind.Unreadable => $"it cannot be examined (errno {errno})",
            _ when actual.Length != Length => $"it is {actual.Length:N0} bytes, {Length:N0} when it was unzipped",
            _ when actual.LastWriteTicks != LastWriteTicks =>
                $"it was modified at {Format(actual.LastWriteTicks)}, after it was unzipped at {Format(LastWriteTicks)}",
            _ => null,
        };
    }

    private static string Format(long ticks) =>
        ticks is >= 0 and <= 3155378975999999999 ? new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture) : $"{ticks} ticks";
}
