using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Dataflow.Installer.Standards;
using ZstdSharp;

namespace Dataflow.Installer.Build;

/// <summary>
/// Unpacks a source distribution (tar, gzip- or zstd-compressed tar, or zip) for its PEP 517 build, streaming it
/// member by member into a temp sibling of the destination that is renamed into place only when every member passed.
/// </summary>
/// <param name="maxUnpackedBytes">The most bytes all members together may unpack to: a guard against decompression bombs.</param>
internal sealed class SourceDistExtractor(long maxUnpackedBytes = SourceDistExtractor.DefaultMaxUnpackedBytes)
{
    public const long DefaultMaxUnpackedBytes = 2L * 1024 * 1024 * 1024;

    // The longest symbolic link target a zip member may carry; Linux's PATH_MAX.
    private const int MaxZipLinkTarget = 4096;

    private const int UnixFileTypeMask = 0xF000;
    private const int UnixExecuteBits = 0x49; // u+x, g+x, o+x

    /// <summary>
    /// Unpacks <paramref name="archivePath"/> into <paramref name="destination"/>, which must be absent or empty, and
    /// returns the project's folder: the archive's single top-level folder (<c>name-1.0/</c>), else the destination itself.
    /// On any failure the destination is left as it was.
    /// </summary>
    public string Extract(string archivePath, string destination, CancellationToken cancellationToken)
    {
        var archiveName = Path.GetFileName(archivePath);
        destination = Path.GetFullPath(destination);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new ArgumentException($"'{destination}' must be absent or empty to unpack {archiveName} into it", nameof(destination));
        }

        var parent = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(parent);
        // A sibling, so that publishing is a rename on the same file system.
        var staging = Path.Combine(parent, $".{Path.GetFileName(destination)}.partial-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(staging);
        try
        {
            var tree = new SourceDistTree(staging, archiveName, maxUnpackedBytes);
            Unpack(archivePath, archiveName, tree, cancellationToken);
            if (tree.IsEmpty)
            {
                throw new SourceDistException($"{archiveName} holds no files");
            }
            tree.Finish(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            if (Directory.Exists(destination))
            {
                Directory.Delete(destination); // empty, checked above; not recursive, so it fails if that changed
            }
            Directory.Move(staging, destination);
            return tree.ProjectFolder is { } folder ? Path.Combine(destination, folder) : destination;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                TryDeleteDirectory(staging);
            }
        }
    }

    private static void Unpack(string archivePath, string archiveName, SourceDistTree tree, CancellationToken cancellationToken)
    {
        try
        {
            using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
            switch (Sniff(file, archiveName))
            {
                case SourceDistExtension.Zip:
                    UnpackZip(file, tree, cancellationToken);
                    break;
                case SourceDistExtension.TarGz:
                    UnpackTar(new GZipStream(file, CompressionMode.Decompress), tree, cancellationToken);
                    break;
                case SourceDistExtension.TarZst:
                    UnpackTar(new DecompressionStream(file), tree, cancellationToken);
                    break;
                case SourceDistExtension.Tar:
                    UnpackTar(file, tree, cancellationToken);
                    break;
                case SourceDistExtension.TarBz2:
                    throw Unsupported(archiveName, "bzip2");
                case SourceDistExtension.TarXz:
                    throw Unsupported(archiveName, "xz");
                default:
                    throw new SourceDistException($"{archiveName} is not a tar, gzip, zstd or zip archive");
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or ZstdException or FormatException)
        {
            throw new SourceDistException($"{archiveName} is corrupt: {exception.Message}", exception);
        }
    }

    private static SourceDistException Unsupported(string archiveName, string compression) =>
        new($"{archiveName} uses unsupported compression: {compression}; .NET has no {compression} decoder, so dfi unpacks only "
            + "tar (plain, gzip or zstd) and zip source distributions");

    /// <summary>
    /// Tells the format from the file's first bytes rather than its name, so that a mislabelled archive is read
    /// correctly or refused clearly; only a pre-POSIX tar (no magic at all) needs its <c>.tar</c> name.
    /// </summary>
    private static SourceDistExtension? Sniff(FileStream file, string archiveName)
    {
        Span<byte> header = stackalloc byte[262];
        var length = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        header = header[..length];
        file.Position = 0;

        if (header.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return SourceDistExtension.TarGz;
        }
        if (header.StartsWith("PK\x03\x04"u8) || header.StartsWith("PK\x05\x06"u8))
        {
            return SourceDistExtension.Zip;
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return SourceDistExtension.TarZst;
        }
        if (header.StartsWith("BZh"u8))
        {
            return SourceDistExtension.TarBz2;
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]))
        {
            return SourceDistExtension.TarXz;
        }
        if (header.Length == 262 && header[257..].SequenceEqual("ustar"u8))
        {
            return SourceDistExtension.Tar;
        }
        if (archiveName.EndsWith(".tar.bz2", StringComparison.OrdinalIgnoreCase) || archiveName.EndsWith(".tbz", StringComparison.OrdinalIgnoreCase))
        {
            return SourceDistExtension.TarBz2;
        }
        if (archiveName.EndsWith(".tar.xz", StringComparison.OrdinalIgnoreCase) || archiveName.EndsWith(".txz", StringComparison.OrdinalIgnoreCase))
        {
            return SourceDistExtension.TarXz;
        }
        return archiveName.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? SourceDistExtension.Tar : null;
    }

    private static void UnpackTar(Stream stream, SourceDistTree tree, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(stream, leaveOpen: false);
        // copyData: false streams each member straight from the archive; its DataStream is valid until the next entry.
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = entry.Name;
            switch (entry.EntryType)
            {
                case TarEntryType.GlobalExtendedAttributes:
                    // PEP 517 backends and `git archive` write a pax global header; it names no file.
                    break;
                case TarEntryType.Directory:
                case TarEntryType.V7RegularFile when name.EndsWith('/'):
                    tree.AddFolder(name);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    tree.AddFile(name, entry.DataStream, ((int)entry.Mode & UnixExecuteBits) != 0, cancellationToken);
                    break;
                case TarEntryType.SymbolicLink:
                    tree.AddSymbolicLink(name, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    tree.AddHardLink(name, entry.LinkName, cancellationToken);
                    break;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                    tree.Refuse(name, "a device file");
                    break;
                case TarEntryType.Fifo:
                    tree.Refuse(name, "a named pipe (fifo)");
                    break;
                default:
                    tree.Refuse(name, $"a tar entry of type {entry.EntryType}, which a source distribution has no use for");
                    break;
            }
        }
    }

    private static void UnpackZip(Stream stream, SourceDistTree tree, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        foreach (var entry in zip.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = entry.FullName;
            // The high 16 bits hold the Unix mode when the zip was made on Unix; zero otherwise.
            var mode = (entry.ExternalAttributes >> 16) & 0xFFFF;
            switch (mode & UnixFileTypeMask)
            {
                case 0xA000:
                    tree.AddSymbolicLink(name, ReadZipLinkTarget(entry, tree));
                    break;
                case 0x1000:
                    tree.Refuse(name, "a named pipe (fifo)");
                    break;
                case 0x2000 or 0x6000:
                    tree.Refuse(name, "a device file");
                    break;
                case 0xC000:
                    tree.Refuse(name, "a socket");
                    break;
                case 0x4000:
                    tree.AddFolder(name);
                    break;
                case var _ when name.EndsWith('/'):
                    tree.AddFolder(name);
                    break;
                default:
                    using (var content = entry.Open())
                    {
                        tree.AddFile(name, content, (mode & UnixExecuteBits) != 0, cancellationToken);
                    }
                    break;
            }
        }
    }

    /// <summary>A zip symbolic link stores its target as the member's content (Info-ZIP's convention).</summary>
    private static string ReadZipLinkTarget(ZipArchiveEntry entry, SourceDistTree tree)
    {
        if (entry.Length > MaxZipLinkTarget)
        {
            tree.Refuse(entry.FullName, "a symbolic link with an overlong target");
        }
        using var content = entry.Open();
        var buffer = new byte[MaxZipLinkTarget];
        var length = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the scratch folder's own clean-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
