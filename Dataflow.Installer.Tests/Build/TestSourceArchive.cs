using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using ZstdSharp;

namespace Dataflow.Installer.Tests.Build;

/// <summary>Builds source distribution archives in memory: tar members (pax), compressed as a test needs, or zip members.</summary>
internal static class TestSourceArchive
{
    public const UnixFileMode Plain = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode Executable = Plain | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static PaxTarEntry FileMember(string name, byte[] content, UnixFileMode mode = Plain) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = mode };

    public static PaxTarEntry FileMember(string name, string content, UnixFileMode mode = Plain) => FileMember(name, Encoding.UTF8.GetBytes(content), mode);

    public static PaxTarEntry FolderMember(string name) =>
        new(TarEntryType.Directory, name) { Mode = Executable };

    public static PaxTarEntry LinkMember(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    public static byte[] Tar(params TarEntry[] entries)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    public static byte[] Gzip(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }
        return output.ToArray();
    }

    public static byte[] Zstd(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var zstd = new CompressionStream(output, leaveOpen: true))
        {
            zstd.Write(tar);
        }
        return output.ToArray();
    }

    /// <summary>A zip whose members carry a Unix mode (type bits included) in the high half of their external attributes.</summary>
    public static byte[] Zip(params (string Name, byte[] Content, int Mode)[] members)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, mode) in members)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                entry.ExternalAttributes = mode << 16;
                using var stream = entry.Open();
                stream.Write(content);
            }
        }
        return output.ToArray();
    }
}
