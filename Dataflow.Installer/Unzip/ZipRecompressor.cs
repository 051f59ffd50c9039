using System.IO.Compression;
using SharpCompress.Common;

namespace Dataflow.Installer.Unzip;

/// <summary>
/// Rewrites a wheel whose members System.IO.Compression cannot read into one it can. Python's zipfile writes bzip2 and
/// LZMA members (zstd from 3.14), pip installs such wheels and uv does too since 2025, so they are met, rarely (a private
/// index's builds). SharpCompress reads them; each member is stored uncompressed in a copy beside the staging tree,
/// with its name, order and external attributes (the mode pip reads), and the copy is unzipped and checked as any wheel.
/// </summary>
internal static class ZipRecompressor
{
    /// <summary>The compression methods, by SharpCompress's names, that the archive uses and System.IO.Compression does not read; empty when none.</summary>
    public static IReadOnlyList<string> UnreadableMethods(string archivePath)
    {
        try
        {
            using var archive = SharpCompress.Archives.Zip.ZipArchive.OpenArchive(archivePath, new SharpCompress.Readers.ReaderOptions());
            return [.. archive.Entries
                .Select(entry => entry.CompressionType)
                .Where(method => method is not (CompressionType.None or CompressionType.Deflate))
                .Distinct()
                .Select(method => method.ToString())
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or ArchiveException or NotSupportedException or ArgumentException)
        {
            // Not readable by SharpCompress either: the original error stands.
            return [];
        }
    }

    /// <summary>Writes the stored copy of <paramref name="archivePath"/> to <paramref name="copyPath"/>, refusing more than <paramref name="maxUnpackedBytes"/> in all.</summary>
    public static void Rewrite(string archivePath, string copyPath, string wheelFilename, long maxUnpackedBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var source = SharpCompress.Archives.Zip.ZipArchive.OpenArchive(archivePath, new SharpCompress.Readers.ReaderOptions());
            using var copy = new ZipArchive(File.Create(copyPath), ZipArchiveMode.Create, leaveOpen: false);
            var total = 0L;
            var buffer = new byte[81920];
            foreach (var entry in source.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = copy.CreateEntry(entry.Key ?? "", CompressionLevel.NoCompression);
                target.ExternalAttributes = entry.Attrib ?? 0;
                if (entry.IsDirectory)
                {
                    continue;
                }
                using var input = entry.OpenEntryStream();
                using var output = target.Open();
                int read;
                while ((read = input.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > maxUnpackedBytes)
                    {
                        throw new UnzipException($"{wheelFilename} would unpack to more than the limit of {maxUnpackedBytes:N0} bytes (a decompression bomb?); raise it with --max-unpacked-size");
                    }
                    output.Write(buffer, 0, read);
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArchiveException or NotSupportedException or InvalidDataException)
        {
            throw new UnzipException($"{wheelFilename} is corrupt: {exception.Message}", exception);
        }
    }
}
