using System.Text;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Cache;

/// <summary>
/// The stamp (size and mtime) of every file of an unzipped wheel as it was published, kept beside its tree in
/// <see cref="CacheEntry.ManifestFileName"/>, so that an entry edited since (a hard-linked file written through in
/// an environment, a file truncated or deleted in the cache) is told from a sound one without reading any file.
/// </summary>
internal sealed class EntryManifest
{
    // "dfi entry manifest", then a format version: a file that does not start with both is not trusted.
    private static ReadOnlySpan<byte> Magic => "DFIEM"u8;
    private const byte FormatVersion = 1;

    // Entries with more files than this are checked on several threads; a small one costs less than starting them.
    private const int ParallelThreshold = 512;

    private readonly KeyValuePair<string, FileStamp>[] _files;
    private readonly Dictionary<string, FileStamp> _byMember;

    public EntryManifest(IEnumerable<KeyValuePair<string, FileStamp>> files)
    {
        _files = files.ToArray();
        _byMember = new Dictionary<string, FileStamp>(_files.Length, StringComparer.Ordinal);
        foreach (var (member, stamp) in _files)
        {
            _byMember[member] = stamp;
        }
    }

    /// <summary>The members (paths relative to the tree, with '/') and their stamps, in the order they were written.</summary>
    public IReadOnlyList<KeyValuePair<string, FileStamp>> Files => _files;

    /// <summary>Stamps the given members of <paramref name="tree"/> as they are now; every one must exist.</summary>
    public static EntryManifest Capture(string tree, IEnumerable<string> members) =>
        new(members.Select(member => KeyValuePair.Create(member,
            FileStamp.Of(Path.Combine(tree, member)) ?? throw new IOException($"'{member}' is not a regular file in '{tree}'."))));

    /// <summary>Stamps every file of <paramref name="tree"/> as it is now (for entries that arrive whole, by import).</summary>
    public static EntryManifest Capture(string tree)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        var members = Directory.EnumerateFiles(tree, "*", options)
            .Select(file => Path.GetRelativePath(tree, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        return Capture(tree, members);
    }

    /// <summary>The manifest of the entry in <paramref name="entryDirectory"/>, or null when it has none or it is damaged.</summary>
    public static EntryManifest? TryRead(string entryDirectory)
    {
        try
        {
            // A warm run reads one manifest per distribution, only to keep its members' stamps: into a pooled buffer.
            return SmallFile.Read(Path.Combine(entryDirectory, CacheEntry.ManifestFileName), Parse);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static EntryManifest? Parse(ArraySegment<byte> bytes)
    {
        var length = bytes.Count;
        if (length < Magic.Length + 1 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic) || bytes[Magic.Length] != FormatVersion)
        {
            return null;
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes.Array!, bytes.Offset + Magic.Length + 1, length - Magic.Length - 1, writable: false), Encoding.UTF8);
            var count = reader.ReadInt32();
            if (count < 0 || count > length)
            {
                return null;
            }
            var files = new KeyValuePair<string, FileStamp>[count];
            for (var i = 0; i < count; i++)
            {
                var member = reader.ReadString();
                files[i] = KeyValuePair.Create(member, new FileStamp(reader.ReadInt64(), reader.ReadInt64()));
            }
            return reader.BaseStream.Position == reader.BaseStream.Length ? new EntryManifest(files) : null;
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest into <paramref name="entryDirectory"/>: a staging folder, published with it by one rename.</summary>
    public void WriteTo(string entryDirectory)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(_files.Length);
            foreach (var (member, stamp) in _files)
            {
                writer.Write(member);
                writer.Write(stamp.Length);
                writer.Write(stamp.LastWriteTicks);
            }
        }
        File.WriteAllBytes(Path.Combine(entryDirectory, CacheEntry.ManifestFileName), stream.ToArray());
    }

    /// <summary>
    /// The first file of <paramref name="tree"/> (in the manifest's order) that no longer matches, with why, or null when
    /// every file does. One lstat per file, no file is read; large trees are checked on several threads.
    /// </summary>
    public string? FirstMismatch(string tree)
    {
        // Held open, the tree is where each member's path is walked from, not the root.
        using var folder = FolderHandle.TryOpen(tree, out _);
        var first = int.MaxValue;
        string? problem = null;
        var gate = new object();
        if (_files.Length < ParallelThreshold)
        {
            for (var i = 0; i < _files.Length; i++)
            {
                if (Mismatch(tree, folder, i) is { } found)
                {
                    return found;
                }
            }
            return null;
        }
        Parallel.For(0, _files.Length, (i, state) =>
        {
            if (i > Volatile.Read(ref first) || Mismatch(tree, folder, i) is not { } found)
            {
                return;
            }
            lock (gate)
            {
                if (i < first)
                {
                    first = i;
                    problem = found;
                }
            }
            state.Break();
        });
        return problem;
    }

    /// <summary>
    /// Why <paramref name="member"/>, found at <paramref name="directory"/>/<paramref name="relative"/>, no longer matches its
    /// stamp, or null when it does; the two parts are not joined into a string.
    /// </summary>
    public string? Mismatch(string member, string directory, string relative) =>
        _byMember.TryGetValue(member, out var expected)
            ? Describe(member, expected.Problem(directory, relative))
            : $"'{member}' is not in the entry's manifest";

    /// <summary>As <see cref="Mismatch(string, string, string)"/>, the file found at <paramref name="relative"/> below the open <paramref name="folder"/>.</summary>
    public string? Mismatch(string member, FolderHandle folder, string relative) =>
        _byMember.TryGetValue(member, out var expected)
            ? Describe(member, expected.Problem(folder, relative))
            : $"'{member}' is not in the entry's manifest";

    private string? Mismatch(string tree, FolderHandle? folder, int index)
    {
        var (member, expected) = _files[index];
        return Describe(member, folder is null ? expected.Problem(tree, member) : expected.Problem(folder, member));
    }

    private static string? Describe(string member, string? difference) => difference is null ? null : $"'{member}': {difference}";
}
