using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Dataflow.Installer.Tests.Unzip;

/// <summary>Writes a zip whose members are zstd-compressed (method 93, as Python 3.14's zipfile writes them), which no
/// zip library here writes: local headers, data, central directory and end record by hand (APPNOTE 4.3).</summary>
internal static class ZstdZip
{
    /// <param name="zip">The archive to rewrite.</param>
    /// <param name="wrongCrc">Gives the first member a CRC-32 its bytes do not have.</param>
    public static byte[] Rewrite(byte[] zip, bool wrongCrc = false)
    {
        using var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        var central = new MemoryStream();
        using var compressor = new ZstdSharp.Compressor();
        foreach (var entry in source.Entries)
        {
            using var content = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(content);
            }
            var data = content.ToArray();
            var compressed = compressor.Wrap(data).ToArray();
            var name = Encoding.UTF8.GetBytes(entry.FullName);
            var crc = Crc32.HashToUInt32(data) ^ (wrongCrc && central.Length == 0 ? 1u : 0u);
            var offset = (uint)output.Position;
            Write(output, 0x04034b50u, (ushort)63, (ushort)0x800, (ushort)93, 0u, crc, (uint)compressed.Length, (uint)data.Length, (ushort)name.Length, (ushort)0);
            output.Write(name);
            output.Write(compressed);
            Write(central, 0x02014b50u, (ushort)(3 << 8 | 63), (ushort)63, (ushort)0x800, (ushort)93, 0u, crc, (uint)compressed.Length, (uint)data.Length,
                (ushort)name.Length, (ushort)0, (ushort)0, (ushort)0, (ushort)0, (uint)entry.ExternalAttributes, offset);
            central.Write(name);
        }
        var directoryOffset = (uint)output.Position;
        central.Position = 0;
        central.CopyTo(output);
        var count = (ushort)source.Entries.Count;
        Write(output, 0x06054b50u, (ushort)0, (ushort)0, count, count, (uint)central.Length, directoryOffset, (ushort)0);
        return output.ToArray();
    }

    private static void Write(Stream stream, params object[] fields)
    {
        Span<byte> buffer = stackalloc byte[4];
        foreach (var field in fields)
        {
            if (field is ushort half)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(buffer, half);
                stream.Write(buffer[..2]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)field);
                stream.Write(buffer);
            }
        }
    }
}
