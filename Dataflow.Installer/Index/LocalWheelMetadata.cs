using System.IO.Compression;
using System.Text;
using Dataflow.Installer.Resolve;

namespace Dataflow.Installer.Index;

/// <summary>
/// Reads Requires-Python from a local wheel's METADATA. Find-links folders publish no
/// <c>data-requires-python</c>, so without this a wheel for a newer Python would be chosen (pip reads the
/// metadata too, and passes over such a wheel).
/// </summary>
internal static class LocalWheelMetadata
{
    /// <summary>The Requires-Python header, or null when the wheel has none or cannot be read (the unzip stage reports a broken wheel).</summary>
    public static string? ReadRequiresPython(string wheelPath)
    {
        try
        {
            using var zip = ZipFile.OpenRead(wheelPath);
            var found = MetadataEntries(zip).ToList();
            if (found.Count != 1)
            {
                return null;
            }
            using var reader = new StreamReader(new MemoryStream(Read(wheelPath, found[0])));
            // The headers end at the first blank line; the long description after it can be large.
            var headers = new StringBuilder();
            while (reader.ReadLine() is { Length: > 0 } line)
            {
                headers.Append(line).Append('\n');
            }
            return CoreMetadataHeaders.Parse(headers.ToString()).GetFirst("Requires-Python") is { Length: > 0 } requiresPython
                ? requiresPython
                : null;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The bytes of a wheel's METADATA, exactly as stored (what PEP 658 serves as <c>.metadata</c>).
    /// PEP 427: exactly one top-level <c>.dist-info</c> folder holds it; anything else is an error naming the wheel.
    /// </summary>
    public static byte[] ReadMetadataBytes(string wheelPath)
    {
        using var zip = ZipFile.OpenRead(wheelPath);
        var found = MetadataEntries(zip).ToList();
        if (found.Count != 1)
        {
            throw new InvalidDataException($"{Path.GetFileName(wheelPath)} has {found.Count} .dist-info/METADATA files; a wheel has exactly one.");
        }
        return Read(wheelPath, found[0]);
    }

    // A member compressed with bzip2, LZMA or zstd (System.IO.Compression reads none) is read by the recompressor's reader.
    private static byte[] Read(string wheelPath, ZipArchiveEntry entry)
    {
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException)
        {
            // A corrupt member fails here too, with its own InvalidDataException.
            return Unzip.ZipRecompressor.ReadMember(wheelPath, entry.FullName);
        }
    }

    private static IEnumerable<ZipArchiveEntry> MetadataEntries(ZipArchive zip) =>
        zip.Entries.Where(entry => entry.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal) && entry.FullName.Count(c => c == '/') == 1);
}
