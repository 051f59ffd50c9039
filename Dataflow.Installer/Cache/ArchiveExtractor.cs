using System.Formats.Tar;
using Dataflow.Installer.Unzip;
using ZstdSharp;

namespace Dataflow.Installer.Cache;

/// <summary>
/// Unpacks a <c>.tar.zst</c> export into a staging folder, refusing the whole archive for a member that could
/// write outside it (absolute, <c>..</c>, links) or is not a plain file or folder (devices, FIFOs).
/// </summary>
internal static class ArchiveExtractor
{
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;

    public static async Task ExtractAsync(string archivePath, string target, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(archivePath);
        try
        {
            await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
            await using var decompressor = new DecompressionStream(file, leaveOpen: true);
            await using var tar = new TarReader(decompressor, leaveOpen: true);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ExtractEntryAsync(entry, target, name, seen, cancellationToken).ConfigureAwait(false);
            }
            // The tar stream can end cleanly even when the zstd frame was cut short after it; reading to the end makes
            // the decompressor check that the frame, with its checksum, is complete.
            var rest = new byte[4096];
            while (await decompressor.ReadAsync(rest, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or ZstdException or FormatException)
        {
            throw new CacheImportException($"{name} is damaged or truncated and was not imported: {exception.Message}", exception);
        }
    }

    private static async Task ExtractEntryAsync(TarEntry entry, string target, string archiveName, HashSet<string> seen, CancellationToken cancellationToken)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }
        var member = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
        if (member.Length == 0 || member == ".")
        {
            return;
        }
        if (ArchiveMemberPath.Problem(member) is { } problem)
        {
            throw new CacheImportException($"{archiveName}: member '{entry.Name}' is refused: {problem}. Nothing was imported.");
        }
        var relative = member.TrimEnd('/');
        if (!seen.Add(relative))
        {
            throw new CacheImportException($"{archiveName}: member '{entry.Name}' appears twice. Nothing was imported.");
        }
        var path = Path.Combine(target, relative);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(path);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    // Only the permission bits travel (scripts keep their x bit); never set-id or sticky bits.
                    options.UnixCreateMode = (entry.Mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                await using (var output = new FileStream(path, options))
                {
                    if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }
                }
                break;
            default:
                // dfi's exports hold only files and folders; a link could point outside the cache, a device anywhere.
                throw new CacheImportException($"{archiveName}: member '{entry.Name}' is a {entry.EntryType}, which a cache export never holds. Nothing was imported.");
        }
    }
}
