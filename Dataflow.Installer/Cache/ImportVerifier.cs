using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Unzip;
using ZstdSharp;

namespace Dataflow.Installer.Cache;

/// <summary>Checks one staged entry of an import before it is published; each method returns null when it is sound, else why not.</summary>
internal static class ImportVerifier
{
    /// <summary>
    /// An unzipped wheel: its tree holds one <c>.dist-info</c> whose RECORD lists every file with a matching hash
    /// and size, and every file RECORD lists is there, as the unzip stage itself demands (PEP 376, PEP 427).
    /// The folder's name, the archive's sha256, cannot be checked: the archive is not kept.
    /// </summary>
    public static string? WheelEntry(string entry, CancellationToken cancellationToken)
    {
        if (!CacheLayout.IsSha256(Path.GetFileName(entry)))
        {
            return "its name is not a sha256";
        }
        var tree = Path.Combine(entry, CacheEntry.TreeFolderName);
        var own = Path.Combine(entry, CacheEntry.WheelRecordFileName);
        if (!Directory.Exists(tree) || Directory.EnumerateFileSystemEntries(entry).Any(child => child != tree && !(child == own && File.Exists(own))))
        {
            return $"it must hold a '{CacheEntry.TreeFolderName}' folder and nothing else but a '{CacheEntry.WheelRecordFileName}' file";
        }
        var records = Directory.EnumerateDirectories(tree, "*.dist-info")
            .Select(folder => Path.Combine(folder, RecordFile.FileName))
            .Where(File.Exists)
            .ToList();
        if (records.Count != 1)
        {
            return "its tree must hold exactly one .dist-info/RECORD";
        }
        var distInfo = Path.GetFileName(Path.GetDirectoryName(records[0]))!;
        var label = Path.GetFileName(entry);
        try
        {
            var record = WheelRecord.Parse(distInfo, File.ReadAllText(records[0], Encoding.UTF8), label);
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            foreach (var file in Directory.EnumerateFiles(tree, "*", options))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var member = Path.GetRelativePath(tree, file).Replace('\\', '/');
                using var hash = IncrementalHash.CreateHash(record.Algorithm(member));
                using var stream = File.OpenRead(file);
                var length = HashStream(stream, hash);
                record.Verify(member, hash.GetHashAndReset(), length, label);
            }
            record.EnsureComplete(label);
            return File.Exists(own) ? OwnRecordProblem(own, records[0]) : null;
        }
        catch (UnzipException exception)
        {
            return exception.Message.StartsWith(label + ": ", StringComparison.Ordinal) ? exception.Message[(label.Length + 2)..] : exception.Message;
        }
    }

    /// <summary>
    /// The wheel's own RECORD kept beside a mended tree may differ from the tree's only where the mend did: rows for
    /// files the tree lacks, and no rows (or empty ones) for files it holds. Any hash or size it does give for a file
    /// of the tree must be the tree's, as installs copy them into environments' RECORDs.
    /// </summary>
    private static string? OwnRecordProblem(string own, string treeRecord)
    {
        try
        {
            var tree = RecordFile.Read(treeRecord).GroupBy(row => row.Path, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
            foreach (var row in RecordFile.Read(own))
            {
                if (tree.TryGetValue(row.Path, out var checkedRow)
                    && ((row.Hash is { } hash && !(checkedRow.Hash is { } treeHash && hash.Algorithm == treeHash.Algorithm && hash.Digest.AsSpan().SequenceEqual(treeHash.Digest)))
                        || (row.Size is { } size && size != checkedRow.Size)))
                {
                    return $"its {CacheEntry.WheelRecordFileName} gives '{row.Path}' another hash or size than the tree's RECORD";
                }
            }
            return null;
        }
        catch (FormatException exception)
        {
            return $"its {CacheEntry.WheelRecordFileName} is malformed: {exception.Message}";
        }
    }

    /// <summary>A built wheel: the tag folder holds one file, a wheel whose name parses (PEP 427) and which opens as a zip.</summary>
    public static string? BuiltWheel(string tagFolder)
    {
        if (!CacheLayout.IsSha256(Path.GetFileName(Path.GetDirectoryName(tagFolder))!))
        {
            return "its sdist folder's name is not a sha256";
        }
        var files = Directory.EnumerateFileSystemEntries(tagFolder).ToList();
        if (files.Count != 1 || !File.Exists(files[0]) || !WheelFilename.TryParse(Path.GetFileName(files[0]), out _))
        {
            return "it must hold exactly one wheel with a valid name";
        }
        try
        {
            using var zip = ZipFile.OpenRead(files[0]);
            return zip.Entries.Any(entry => entry.FullName.EndsWith(".dist-info/RECORD", StringComparison.Ordinal))
                ? null
                : "the wheel has no .dist-info/RECORD";
        }
        catch (InvalidDataException exception)
        {
            return $"the wheel is not a valid zip: {exception.Message}";
        }
    }

    /// <summary>An index page: named by its key in its shard folder, and it decompresses to a header line of JSON and a body.</summary>
    public static string? Page(string file)
    {
        if (ShardProblem(file, ".zst") is { } problem)
        {
            return problem;
        }
        try
        {
            using var decompressor = new Decompressor();
            var text = Encoding.UTF8.GetString(decompressor.Unwrap(File.ReadAllBytes(file)));
            var newline = text.IndexOf('\n');
            if (newline < 0)
            {
                return "the page has no header line";
            }
            using var header = JsonDocument.Parse(text.AsMemory(0, newline));
            var root = header.RootElement;
            if (!root.TryGetProperty("url", out _))
            {
                return "the page's header names no URL";
            }
            // A page holds its request unless it is named by the request's sha256: one that carried credentials, or one an
            // older dfi stored.
            var name = Path.GetFileName(file)[..^".zst".Length];
            var named = root.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.String
                ? CacheKey.Name(request.GetString()!, secret: false) == name
                : name.Length == CacheKey.SecretLength;
            return named ? null : "its name is not the key of the request it holds";
        }
        catch (Exception exception) when (exception is ZstdException or JsonException)
        {
            return $"the page does not decompress: {exception.Message}";
        }
    }

    /// <summary>A location pointer: named by its key in its shard folder, holding a sha256 and that key.</summary>
    public static string? Pointer(string file)
    {
        if (ShardProblem(file, "") is { } problem)
        {
            return problem;
        }
        // A key is a URL or a local path with its size and mtime: far below this.
        if (new FileInfo(file).Length > 64 * 1024)
        {
            return "it is too large to be a pointer";
        }
        var text = File.ReadAllText(file);
        var name = Path.GetFileName(file);
        if (name.Length == CacheKey.SecretLength)
        {
            // An older dfi's pointer: named by its key's sha256, holding only the sha256 it points at.
            return LocationPointers.IsLegacyPointer(text) ? null : "it does not hold a sha256";
        }
        var key = text.Length > 66 ? text[65..^1] : "";
        return LocationPointers.IsPointer(text, key) && CacheKey.Name(key, secret: false) == name
            ? null
            : "it does not hold a sha256 and the location its name is the key of";
    }

    private static string? ShardProblem(string file, string extension)
    {
        var name = Path.GetFileName(file);
        var shard = Path.GetFileName(Path.GetDirectoryName(file))!;
        if (!name.EndsWith(extension, StringComparison.Ordinal))
        {
            return $"its name does not end with '{extension}'";
        }
        var key = name[..^extension.Length];
        return CacheKey.IsName(key) && shard == key[..2] ? null : "its name is not a key in its shard folder";
    }

    private static long HashStream(Stream stream, IncrementalHash hash)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }
        return total;
    }
}
