using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Unzip;

/// <summary>
/// Unzips a wheel into the cache: staged in a temp folder inside the cache root, every member checked
/// against the wheel's RECORD while it is written, then published by one atomic rename.
/// </summary>
/// <param name="maxUnpackedBytes">A wheel that would unpack to more than this is refused before anything is written (decompression bombs).</param>
/// <param name="warn">Receives the warning for a published entry found edited, which is then unzipped again.</param>
internal sealed class WheelUnzipper(CacheRoot cache, long maxUnpackedBytes = WheelUnzipper.DefaultMaxUnpackedBytes, Action<string>? warn = null)
{
    /// <summary>16 GiB: several times the largest real wheels (CUDA builds of torch unpack to about 4 GiB).</summary>
    public const long DefaultMaxUnpackedBytes = 16L * 1024 * 1024 * 1024;

    private const int BufferSize = 64 * 1024;
    private const long LargeMember = 1024 * 1024;
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixRegularType = 0x8000;


    private readonly WheelEntries _entries = new(cache, warn);

    /// <summary>An unzipper with the same limits that publishes into <paramref name="other"/>.</summary>
    public WheelUnzipper Into(CacheRoot other) => new(other, maxUnpackedBytes, warn);

    /// <summary>
    /// Returns the cache entry for <paramref name="archive"/>, unzipping it first unless a sound one is published; one
    /// whose files no longer match its manifest is removed (with a warning) and unzipped again.
    /// </summary>
    public CacheEntry Unzip(DownloadedArchive archive, string wheelFilename, string expectedDistInfoPrefix, CancellationToken cancellationToken)
    {
        if (_entries.Find(archive.Sha256, wheelFilename, cancellationToken) is { } published)
        {
            return published;
        }
        // Another process unzipping the same wheel holds the lock; once it has published, there is nothing left to do.
        using var entryLock = EntryLock.Acquire(cache, archive.Sha256, cancellationToken);
        if (_entries.FindLocked(archive.Sha256, wheelFilename) is { } theirs)
        {
            return theirs;
        }

        var final = cache.WheelEntryPath(archive.Sha256);
        var staging = cache.CreateTempDirectory("unzip");
        try
        {
            var tree = Path.Combine(staging, CacheEntry.TreeFolderName);
            Directory.CreateDirectory(tree);
            List<string> members;
            try
            {
                members = Extract(archive.Path, wheelFilename, expectedDistInfoPrefix, tree, maxUnpackedBytes, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidDataException or UnzipException { InnerException: InvalidDataException }
                && ZipRecompressor.UnreadableMethods(archive.Path) is { Count: > 0 } methods)
            {
                warn?.Invoke($"{wheelFilename} has members compressed with {string.Join(" and ", methods)}, which pip and uv read but most zip "
                    + "tools do not (wheels are Deflate or stored); unzipped through an uncompressed copy.");
                Directory.Delete(tree, recursive: true);
                File.Delete(Path.Combine(staging, CacheEntry.WheelRecordFileName));
                Directory.CreateDirectory(tree);
                var copy = Path.Combine(staging, "uncompressed.whl");
                ZipRecompressor.Rewrite(archive.Path, copy, wheelFilename, maxUnpackedBytes, cancellationToken);
                members = Extract(copy, wheelFilename, expectedDistInfoPrefix, tree, maxUnpackedBytes, cancellationToken);
                File.Delete(copy);
            }
            // Stamped after every file is closed (a network filesystem may set the mtime at close), and published with the tree.
            var manifest = EntryManifest.Capture(tree, members);
            manifest.WriteTo(staging);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            try
            {
                Directory.Move(staging, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Published meanwhile by a process that took no lock (an older dfi): theirs is used when it is sound,
                // else it has just been removed and ours takes its place.
                if (_entries.FindLocked(archive.Sha256, wheelFilename) is { } sound)
                {
                    return sound;
                }
                Directory.Move(staging, final);
            }
            return CacheEntry.At(archive.Sha256, final) with { Manifest = manifest };
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                TryDeleteDirectory(staging);
            }
        }
    }

    /// <summary>Unzips and verifies every member into <paramref name="tree"/>; returns the files written, in archive order.</summary>
    private List<string> Extract(string archivePath, string wheelFilename, string expectedDistInfoPrefix, string tree, long maxUnpackedBytes, CancellationToken cancellationToken)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException exception)
        {
            throw new UnzipException($"{wheelFilename} is not a valid zip archive: {exception.Message}", exception);
        }

        using (zip)
        {
            // The headers' sizes are checked up front; a member that writes more than its header says is refused while writing.
            var declared = zip.Entries.Sum(entry => entry.Length);
            if (declared > maxUnpackedBytes)
            {
                throw new UnzipException(
                    $"{wheelFilename} would unpack to {declared:N0} bytes, more than the limit of {maxUnpackedBytes:N0} (a decompression bomb?); raise it with --max-unpacked-size");
            }
            var record = ReadRecord(zip, wheelFilename, expectedDistInfoPrefix);
            var folders = new HashSet<string>(StringComparer.Ordinal);
            var digests = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var unlisted = new List<RecordEntry>();
            var files = new List<string>(zip.Entries.Count);
            var createdDirectories = new HashSet<string>(StringComparer.Ordinal) { tree };
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                foreach (var entry in zip.Entries)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var name = entry.FullName;
                    var problem = ArchiveMemberPath.Problem(name);
                    if (problem is not null)
                    {
                        throw new UnzipException($"{wheelFilename}: member '{name}' is refused: {problem}");
                    }
                    var isFolder = name.EndsWith('/');
                    if (isFolder ? digests.ContainsKey(name.TrimEnd('/')) : folders.Contains(name))
                    {
                        throw new UnzipException($"{wheelFilename}: member '{name.TrimEnd('/')}' is both a file and a folder");
                    }
                    // A member whose mode says symbolic link is written as the plain file it is stored as (its bytes
                    // are the link's target), never as a link: the wheel spec knows no links, and pip installs such a
                    // wheel that way, so a link could neither point outside the tree nor make dfi refuse a wheel pip takes.
                    var mode = (entry.ExternalAttributes >> 16) & 0xFFFF;
                    var target = Path.Combine(tree, name);
                    if (isFolder)
                    {
                        folders.Add(name.TrimEnd('/'));
                        EnsureDirectory(target.TrimEnd('/'), createdDirectories);
                        continue;
                    }
                    EnsureDirectory(Path.GetDirectoryName(target)!, createdDirectories);
                    // As pip decides (zip_item_is_executable): a regular file's type bits and any of u+x, g+x, o+x. A mode
                    // without the type bits (some zip writers store bare permissions) is not executable to pip either.
                    var executable = (mode & UnixFileTypeMask) == UnixRegularType && (mode & 0x49) != 0;
                    if (digests.TryGetValue(name, out var first))
                    {
                        // Some backends have shipped wheels holding a member twice (flit_core 3.11 a license file): pip
                        // installs them, the copies being the same bytes. A copy that differs is refused, never chosen;
                        // one that is the same was checked against RECORD as the first copy.
                        var again = CopyMember(entry, null, wheelFilename, buffer, record.Algorithm(name));
                        if (!CryptographicOperations.FixedTimeEquals(first, again))
                        {
                            throw new UnzipException($"{wheelFilename}: member '{name}' appears twice, with different contents");
                        }
                        if (executable && !OperatingSystem.IsWindows())
                        {
                            // pip writes every copy and only ever adds execute bits: any copy marked executable makes it so.
                            File.SetUnixFileMode(target, PipFileModes.Executable);
                        }
                        continue;
                    }
                    var digest = WriteMember(entry, target, executable, wheelFilename, buffer, record.Algorithm(name));
                    if (record.Lists(name))
                    {
                        record.Verify(name, digest, entry.Length, wheelFilename);
                    }
                    else
                    {
                        unlisted.Add(new RecordEntry(name, new RecordHash(RecordHash.DefaultAlgorithm, digest), entry.Length));
                    }
                    digests.Add(name, digest);
                    files.Add(name);
                }
                CheckMetadataVersion(tree, record.DistInfo, wheelFilename, expectedDistInfoPrefix);
                var missing = record.Missing();
                if (unlisted.Count > 0 || missing.Count > 0)
                {
                    MendRecord(tree, record.DistInfo, unlisted, missing);
                }
                if (unlisted.Count > 0)
                {
                    warn?.Invoke($"{wheelFilename}: {unlisted.Count} file(s) its RECORD does not list, installed as pip installs them (first: '{unlisted[0].Path}')");
                }
                if (missing.Count > 0)
                {
                    warn?.Invoke($"{wheelFilename}: its RECORD lists {missing.Count} file(s) the wheel does not hold, skipped as pip skips them (first: '{missing[0]}')");
                }
                return files;
            }
            catch (InvalidDataException exception)
            {
                throw new UnzipException($"{wheelFilename} is corrupt: {exception.Message}", exception);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static WheelRecord ReadRecord(ZipArchive zip, string wheelFilename, string expectedDistInfoPrefix)
    {
        var records = zip.Entries
            .Where(entry => entry.FullName.EndsWith(".dist-info/RECORD", StringComparison.Ordinal) && entry.FullName.Count(c => c == '/') == 1)
            .ToList();
        if (records.Count == 0)
        {
            throw new UnzipException($"{wheelFilename} has no .dist-info/RECORD");
        }
        if (records.Count > 1)
        {
            throw new UnzipException($"{wheelFilename} has more than one .dist-info folder");
        }
        var distInfo = records[0].FullName[..records[0].FullName.IndexOf('/')];
        if (!DistInfoMatches(distInfo, expectedDistInfoPrefix))
        {
            throw new UnzipException($"{wheelFilename} contains '{distInfo}', which does not match the file name");
        }
        using var reader = new StreamReader(records[0].Open(), Encoding.UTF8);
        return WheelRecord.Parse(distInfo, reader.ReadToEnd(), wheelFilename);
    }

    /// <summary>
    /// Compares the dist-info folder's name with the wheel file's name and version, normalised on both sides
    /// (PEP 427 escaping differs between tools: <c>Zope.Thing</c>, <c>zope_thing</c>), the versions as PEP 440 compares
    /// them: pip installs <c>legacyver-1.0-py3-none-any.whl</c> holding <c>legacyver-1.0.0.dist-info</c>.
    /// </summary>
    private static bool DistInfoMatches(string distInfo, string expectedPrefix)
    {
        var stem = distInfo[..^".dist-info".Length];
        if (string.Equals(Normalize(stem), Normalize(expectedPrefix), StringComparison.Ordinal))
        {
            return true;
        }
        if (VersionIn(expectedPrefix) is not { } expectedVersion)
        {
            return false;
        }
        var expectedName = Normalize(expectedPrefix[..expectedPrefix.IndexOf('-')]);
        for (var dash = stem.IndexOf('-'); dash > 0; dash = stem.IndexOf('-', dash + 1))
        {
            if (string.Equals(Normalize(stem[..dash]), expectedName, StringComparison.Ordinal)
                && PackageVersion.TryParse(stem[(dash + 1)..], out var version) && version == expectedVersion)
            {
                return true;
            }
        }
        return false;

        static string Normalize(string text) => text.ToLowerInvariant().Replace('.', '_').Replace('-', '_');
    }

    /// <summary>
    /// Makes the cached tree's RECORD list exactly the files the tree holds: rows, with the hashes just computed, for
    /// members the wheel's RECORD left out, and none for files it lists that the wheel does not hold. Some published
    /// wheels are so (selenium 4.1.0, catboost 1.0.4, xgboost 0.90: pypa/installer#100, astral-sh/uv#8798; stlite's
    /// streamlit, whose RECORD lists the .py files it replaced by .pyc); pip installs them, and the wheel spec would
    /// refuse them. dfi installs them as pip does, with a warning, and installs, exports and imports of the entry then
    /// rely on its RECORD as for any other. The wheel's own RECORD is kept beside the tree
    /// (<see cref="CacheEntry.WheelRecordFileName"/>): the installed RECORD has pip's rows, not the mended ones.
    /// </summary>
    private static void MendRecord(string tree, string distInfo, List<RecordEntry> unlisted, IReadOnlyList<string> missing)
    {
        var path = Path.Combine(tree, distInfo, RecordFile.FileName);
        File.Copy(path, Path.Combine(Path.GetDirectoryName(tree)!, CacheEntry.WheelRecordFileName));
        var absent = missing.ToHashSet(StringComparer.Ordinal);
        var rows = RecordFile.Read(path).Where(row => !absent.Contains(row.Path)).Concat(unlisted).ToList();
        File.WriteAllBytes(path, RecordFile.FormatUtf8(rows));
    }

    /// <summary>
    /// Refuses a wheel whose METADATA gives another version than its file name (PEP 440 equality), as pip refuses it:
    /// installed, it would claim a version that no sync asked for, and the next sync could not tell it is satisfied.
    /// </summary>
    private static void CheckMetadataVersion(string tree, string distInfo, string wheelFilename, string expectedPrefix)
    {
        CheckMetadataEncoding(Path.Combine(tree, distInfo, "METADATA"), distInfo, wheelFilename);
        var metadata = SitePackages.ReadNameAndVersion(Path.Combine(tree, distInfo, "METADATA"))
            ?? throw new UnzipException($"{wheelFilename}: {distInfo}/METADATA is missing or gives no Name and Version");
        if (VersionIn(expectedPrefix) is { } expected && !(PackageVersion.TryParse(metadata.Version, out var declared) && declared == expected))
        {
            throw new UnzipException($"{wheelFilename}: {distInfo}/METADATA says version '{metadata.Version}', the file name '{expected}'");
        }
    }

    /// <summary>
    /// Core metadata is UTF-8 without a byte-order mark: pip refuses a wheel whose METADATA is not ("Error decoding
    /// metadata"), and once installed, such a file stops <c>pip list</c> (a decoding error ends it) or hides the
    /// distribution from it (a mark makes the first header unreadable). So it is refused here, before anything is installed.
    /// </summary>
    private static void CheckMetadataEncoding(string path, string distInfo, string wheelFilename)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
        {
            throw new UnzipException($"{wheelFilename}: {distInfo}/METADATA starts with a byte-order mark, which pip and Python's importlib.metadata do not read past");
        }
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            if (System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false) == OperationStatus.InvalidData)
            {
                throw new UnzipException($"{wheelFilename}: {distInfo}/METADATA is not UTF-8 (byte 0x{bytes[read]:X2} at offset {read}); pip refuses it too");
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The version of an expected <c>name-version</c> prefix (the name is escaped, so holds no dash), if PEP 440 reads it.</summary>
    private static PackageVersion? VersionIn(string expectedPrefix)
    {
        var separator = expectedPrefix.IndexOf('-');
        return separator > 0 && PackageVersion.TryParse(expectedPrefix[(separator + 1)..], out var version) ? version : null;
    }

    private static byte[] WriteMember(ZipArchiveEntry entry, string target, bool executable, string wheelFilename, byte[] buffer, HashAlgorithmName algorithm)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            // Reserving space costs a fallocate(2) per file; only large members gain from contiguous extents.
            PreallocationSize = entry.Length >= LargeMember ? entry.Length : 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The cache's files get the modes pip would give them, so a hard link from the cache reads as pip's file.
            options.UnixCreateMode = executable ? PipFileModes.Executable : PipFileModes.Plain;
        }
        using var file = new FileStream(target, options);
        if (executable && !OperatingSystem.IsWindows() && PipFileModes.UmaskHidesExecuteBits)
        {
            // pip adds every execute bit whatever the umask (0711 under 077); a create mode cannot.
            File.SetUnixFileMode(file.SafeFileHandle, PipFileModes.Executable);
        }
        return CopyMember(entry, file, wheelFilename, buffer, algorithm);
    }

    /// <summary>Hashes <paramref name="entry"/>'s bytes while writing them to <paramref name="file"/> (or nowhere).</summary>
    private static byte[] CopyMember(ZipArchiveEntry entry, FileStream? file, string wheelFilename, byte[] buffer, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        using var source = entry.Open();
        long written = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            file?.Write(buffer, 0, read);
            written += read;
            if (written > entry.Length)
            {
                throw new UnzipException($"{wheelFilename}: member '{entry.FullName}' is larger than its header says");
            }
        }
        return hash.GetHashAndReset();
    }

    private static void EnsureDirectory(string path, HashSet<string> created)
    {
        if (created.Add(path))
        {
            Directory.CreateDirectory(path);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the cache's clean-up of stale temp folders.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
