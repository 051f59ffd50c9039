using System.IO.Compression;

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
            var metadata = zip.Entries.FirstOrDefault(entry =>
                entry.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal) && entry.FullName.Count(c => c == '/') == 1);
            if (metadata is null)
            {
                return null;
            }
            using var reader = new StreamReader(metadata.Open());
            // The headers end at the first blank line (the core metadata format is RFC 822-like).
            while (reader.ReadLine() is { Length: > 0 } line)
            {
                if (line.StartsWith("Requires-Python:", StringComparison.OrdinalIgnoreCase))
                {
                    return line["Requires-Python:".Length..].Trim();
                }
            }
            return null;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
