namespace Dataflow.Installer.Cache;

/// <summary>What a cache file looked like when it was published: its size and its mtime, read without opening it.</summary>
/// <param name="Length">The size in bytes.</param>
/// <param name="LastWriteTicks">The mtime in UTC ticks (100 ns; the filesystem's nanoseconds, truncated).</param>
internal readonly record struct FileStamp(long Length, long LastWriteTicks)
{
    /// <summary>
    /// The stamp of the regular file at <paramref name="path"/>, or null when there is none (missing, a folder, or a
    /// symbolic link put in its place). One lstat(2): FileInfo reads the link itself, and its target only for a link.
    /// </summary>
    /// <remarks>Only mtime and size can tell an edit: making a hard link changes the inode's ctime, so ctime would flag every install.</remarks>
    public static FileStamp? Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || (info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            return null;
        }
        return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks);
    }

    /// <summary>Why the file at <paramref name="path"/> no longer has this stamp, or null when it has it (one lstat, as <see cref="Of"/>).</summary>
    public string? Problem(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return "it is missing";
        }
        if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            return "it was replaced by a symbolic link";
        }
        if (info.Length != Length)
        {
            return $"it is {info.Length:N0} bytes, {Length:N0} when it was unzipped";
        }
        var ticks = info.LastWriteTimeUtc.Ticks;
        return ticks == LastWriteTicks
            ? null
            : $"it was modified at {new DateTime(ticks, DateTimeKind.Utc):yyyy-MM-dd HH:mm:ss.fffffff}Z, after it was unzipped at {new DateTime(LastWriteTicks, DateTimeKind.Utc):yyyy-MM-dd HH:mm:ss.fffffff}Z";
    }
}
