namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>One path under a snapshotted folder: its type (f, d, l), inode, link count, size and mtime.</summary>
internal sealed record TreeEntry(string Path, char Type, long Inode, int LinkCount, long Size, string Modified)
{
    public override string ToString() => $"{Path} {Type} inode={Inode} links={LinkCount} size={Size} mtime={Modified}";
}
