using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.LZMA;

namespace Dataflow.Installer.Unzip;

/// <summary>
/// Rewrites a wheel whose members System.IO.Compression cannot read into one it can. Python's zipfile writes bzip2 and
/// LZMA members (zstd from 3.14), pip installs such wheels and uv does too since 2025, so they are met, rarely (a private
/// index's builds). The archive's directory is read here and each member decompressed with SharpCompress's bzip2 and
/// LZMA streams (only those: its archive classes would add ~3 MB to the native binary and ~1.5 ms to every start) or
/// ZstdSharp, into an uncompressed copy with the same names, order and external attributes (the mode pip reads); the
/// copy is then unzipped and checked against RECORD as any wheel.
/// </summary>
internal static class ZipRecompressor
{
    private const ushort Stored = 0;
    private const ushort Deflated = 8;
    private const ushort BZip2 = 12;
    private const ushort Lzma = 14;
    private const ushort Zstandard = 93;

    private const uint EndOfDirectorySignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint DirectoryEntrySignature = 0x02014b50;
    private const uint LocalHeaderSignature = 0x04034b50;

    // A METADATA file is kilobytes; a directory saying more than this for one read into memory is not believed.
    private const long MaxMemberRead = 64L * 1024 * 1024;

    /// <summary>The names of the methods the archive uses that System.IO.Compression does not read; empty when there are
    /// none, or when the archive uses a method this cannot read either (the original error then stands).</summary>
    public static IReadOnlyList<string> UnreadableMethods(string archivePath)
    {
        try
        {
            var methods = ReadDirectory(archivePath).Select(member => member.Method).Distinct().ToList();
            if (methods.Any(method => method is not (Stored or Deflated or BZip2 or Lzma or Zstandard)))
            {
                return [];
            }
            return [.. methods.Where(method => method is BZip2 or Lzma or Zstandard).Order().Select(Name)];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An archive this cannot read either: the original error stands.
            return [];
        }
    }

    /// <summary>Writes the uncompressed copy of <paramref name="archivePath"/> to <paramref name="copyPath"/>, refusing more than <paramref name="maxUnpackedBytes"/> in all.</summary>
    public static void Rewrite(string archivePath, string copyPath, string wheelFilename, long maxUnpackedBytes, CancellationToken cancellationToken)
    {
        try
        {
            var members = ReadDirectory(archivePath);
            using var source = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.RandomAccess);
            using var copy = new ZipArchive(File.Create(copyPath), ZipArchiveMode.Create, leaveOpen: false);
            var buffer = new byte[81920];
            var total = 0L;
            foreach (var member in members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = copy.CreateEntry(member.Name, CompressionLevel.NoCompression);
                entry.ExternalAttributes = unchecked((int)member.ExternalAttributes);
                if (member.Name.EndsWith('/'))
                {
                    continue;
                }
                source.Position = DataOffset(source, member);
                using var input = Decompress(source, member);
                using var output = entry.Open();
                var crc = new System.IO.Hashing.Crc32();
                var left = member.Size;
                int read;
                while (left > 0 && (read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left))) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    total += read;
                    if (total > maxUnpackedBytes)
                    {
                        throw new UnzipException($"{wheelFilename} would unpack to more than the limit of {maxUnpackedBytes:N0} bytes (a decompression bomb?); raise it with --max-unpacked-size");
                    }
                    crc.Append(buffer.AsSpan(0, read));
                    output.Write(buffer, 0, read);
                    left -= read;
                }
                // As zipfile checks them for pip: LZMA carries no check of its own, and RECORD may not list every member.
                if (left != 0 || crc.GetCurrentHashAsUInt32() != member.Crc)
                {
                    throw new InvalidDataException($"member '{member.Name}' does not match its size and CRC-32");
                }
            }
        }
        catch (Exception exception) when (exception is not (UnzipException or OperationCanceledException or IOException or UnauthorizedAccessException))
        {
            // SharpCompress's and ZstdSharp's own exception types for corrupt data among them.
            throw new UnzipException($"{wheelFilename} is corrupt: {exception.Message}", exception);
        }
    }

    /// <summary>One member's bytes (a wheel's METADATA, read without unzipping it); throws InvalidDataException when the
    /// archive has no such member or its bytes cannot be read.</summary>
    public static byte[] ReadMember(string archivePath, string name)
    {
        try
        {
            var member = ReadDirectory(archivePath).Find(candidate => candidate.Name == name)
                ?? throw new InvalidDataException($"no member '{name}'");
            if (member.Size > MaxMemberRead)
            {
                throw new InvalidDataException($"member '{name}' says it is {member.Size:N0} bytes");
            }
            using var source = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.RandomAccess);
            source.Position = DataOffset(source, member);
            using var input = Decompress(source, member);
            var bytes = new byte[member.Size];
            input.ReadExactly(bytes);
            if (System.IO.Hashing.Crc32.HashToUInt32(bytes) != member.Crc)
            {
                throw new InvalidDataException($"member '{name}' does not match its CRC-32");
            }
            return bytes;
        }
        catch (Exception exception) when (exception is not (InvalidDataException or OperationCanceledException or IOException or UnauthorizedAccessException))
        {
            throw new InvalidDataException(exception.Message, exception);
        }
    }

    private static string Name(ushort method) => method switch
    {
        BZip2 => "bzip2",
        Lzma => "LZMA",
        Zstandard => "zstd",
        _ => $"method {method}",
    };

    // The member's bytes start after its local header, whose name and extra field lengths may differ from the directory's.
    private static long DataOffset(FileStream source, ZipMember member)
    {
        Span<byte> header = stackalloc byte[30];
        source.Position = member.LocalHeaderOffset;
        source.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeaderSignature)
        {
            throw new InvalidDataException($"member '{member.Name}' has no local header where the directory says");
        }
        return member.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
    }

    private static Stream Decompress(FileStream source, ZipMember member)
    {
        switch (member.Method)
        {
            case Stored:
                return new WindowStream(source, member.CompressedSize);
            case Deflated:
                return new DeflateStream(new WindowStream(source, member.CompressedSize), CompressionMode.Decompress);
            case BZip2:
                return BZip2Stream.Create(new WindowStream(source, member.CompressedSize), SharpCompress.Compressors.CompressionMode.Decompress,
                    decompressConcatenated: false, leaveOpen: false, tolerateTruncatedStream: false);
            case Zstandard:
                return new ZstdSharp.DecompressionStream(new WindowStream(source, member.CompressedSize));
            case Lzma:
                // APPNOTE 5.8.8: a 2-byte LZMA SDK version and a 2-byte properties size, the properties, then the stream; flag
                // bit 1 says an end marker ends it, else the uncompressed size does.
                Span<byte> head = stackalloc byte[4];
                source.ReadExactly(head);
                var properties = new byte[BinaryPrimitives.ReadUInt16LittleEndian(head[2..])];
                source.ReadExactly(properties);
                var compressed = member.CompressedSize - 4 - properties.Length;
                return LzmaStream.Create(properties, new WindowStream(source, compressed), compressed,
                    (member.Flags & 2) != 0 ? -1 : member.Size, leaveOpen: false);
            default:
                throw new NotSupportedException($"member '{member.Name}' uses compression method {member.Method}");
        }
    }

    /// <summary>The central directory's members, in its order (PEP 427 wheels are plain or ZIP64 archives on one disk).</summary>
    private static List<ZipMember> ReadDirectory(string archivePath)
    {
        using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.RandomAccess);
        // The end record is in the last 22 bytes plus at most a 65535-byte comment.
        var tailLength = (int)Math.Min(file.Length, 22 + 65535);
        var tail = new byte[tailLength];
        file.Position = file.Length - tailLength;
        file.ReadExactly(tail);
        var end = -1;
        for (var at = tailLength - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) == EndOfDirectorySignature)
            {
                end = at;
                break;
            }
        }
        if (end < 0)
        {
            throw new InvalidDataException("no end of central directory record");
        }
        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        var locator = end - 20;
        // A ZIP64 end record is used when its locator stands before the end record: 0xFFFF members alone do not say
        // so (Python writes exactly 65,535 members without one).
        if ((count == 0xFFFF || offset == 0xFFFFFFFF) && locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator)) == Zip64LocatorSignature)
        {
            var zip64End = new byte[56];
            file.Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(locator + 8));
            file.ReadExactly(zip64End);
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip64End) != Zip64EndSignature)
            {
                throw new InvalidDataException("no ZIP64 end of central directory record");
            }
            count = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64End.AsSpan(32));
            offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64End.AsSpan(48));
        }

        var members = new List<ZipMember>((int)Math.Min(count, 100_000));
        file.Position = offset;
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        for (var index = 0L; index < count; index++)
        {
            if (reader.ReadUInt32() != DirectoryEntrySignature)
            {
                throw new InvalidDataException("a central directory entry without its signature");
            }
            var fixedPart = reader.ReadBytes(42);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(4));
            var method = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(6));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(12));
            long compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(16));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(20));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(24));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(26));
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(28));
            var attributes = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(34));
            long localHeader = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(38));
            // Names are UTF-8 when flag bit 11 says so, and in wheels ASCII otherwise (System.IO.Compression reads them alike).
            var name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
            var extra = reader.ReadBytes(extraLength);
            reader.ReadBytes(commentLength);
            ReadZip64Sizes(extra, ref size, ref compressedSize, ref localHeader);
            members.Add(new ZipMember(name, flags, method, crc, compressedSize, size, attributes, localHeader));
        }
        return members;
    }

    // The ZIP64 extra field (id 1) holds, in this order, each of the three that the fixed part marks as 0xFFFFFFFF.
    private static void ReadZip64Sizes(ReadOnlySpan<byte> extra, ref long size, ref long compressedSize, ref long localHeader)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var data = extra.Slice(4, Math.Min(length, extra.Length - 4));
            if (id == 1)
            {
                if (size == 0xFFFFFFFF && data.Length >= 8)
                {
                    size = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                    data = data[8..];
                }
                if (compressedSize == 0xFFFFFFFF && data.Length >= 8)
                {
                    compressedSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                    data = data[8..];
                }
                if (localHeader == 0xFFFFFFFF && data.Length >= 8)
                {
                    localHeader = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                }
                return;
            }
            extra = extra[Math.Min(extra.Length, 4 + length)..];
        }
    }
}
