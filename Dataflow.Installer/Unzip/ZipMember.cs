namespace Dataflow.Installer.Unzip;

/// <summary>An archive member as the zip's central directory describes it (APPNOTE 4.3.12), ZIP64 sizes applied.</summary>
/// <param name="Name">Its path in the archive; a folder's ends in '/'.</param>
/// <param name="Flags">The general purpose bit flag.</param>
/// <param name="Crc">The CRC-32 of its decompressed bytes.</param>
/// <param name="Method">The compression method (0 stored, 8 Deflate, 12 bzip2, 14 LZMA, 93 zstd).</param>
/// <param name="CompressedSize">Its bytes in the archive.</param>
/// <param name="Size">Its bytes once decompressed.</param>
/// <param name="ExternalAttributes">The host's attributes; a Unix mode in the upper 16 bits.</param>
/// <param name="LocalHeaderOffset">Where its local header starts.</param>
internal sealed record ZipMember(string Name, ushort Flags, ushort Method, uint Crc, long CompressedSize, long Size, uint ExternalAttributes, long LocalHeaderOffset);
