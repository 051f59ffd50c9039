using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Resolve;

/// <summary>
/// Answers the resolver from the indexes and find-links of one environment: the versions that have a file this
/// interpreter can use, and each version's core metadata — from the index's PEP 658/714 <c>.metadata</c> file where
/// offered, else from the wheel's <c>METADATA</c> (or an sdist's <c>PKG-INFO</c>), downloaded into scratch.
/// </summary>
/// <param name="memo">Metadata already read in this run, keyed by sources, project and version.</param>
/// <param name="cache">A wheel fetched for its metadata is unzipped into it at once, so the install that follows fetches nothing.</param>
internal sealed class IndexResolverProvider(
    DistributionFinder finder,
    FileSelectionContext selection,
    HttpClient http,
    CacheRoot cache,
    string scratchDirectory,
    InFlightMap<string, CoreMetadata> memo) : IResolverProvider
{
    public async Task<IReadOnlyList<PackageVersion>> GetVersionsAsync(PackageName name, CancellationToken cancellationToken)
    {
        var files = await finder.GetFilesAsync(name, cancellationToken).ConfigureAwait(false);
        var versions = new HashSet<PackageVersion>();
        foreach (var file in files)
        {
            if (file.Yanked
                || DistributionFilename.TryParse(file.Filename, name) is not { } filename
                || filename.Name != name
                || !PackageVersion.TryParse(filename.Version, out var version)
                || !AllowsPython(file))
            {
                continue;
            }
            var usable = filename.Wheel is { } wheel
                ? selection.AllowsWheel(name) && selection.Tags.BestPriority(wheel) is not null
                : selection.AllowsSource(name);
            if (usable)
            {
                versions.Add(version);
                if (selection.PreferBinary && filename.IsWheel)
                {
                    _withWheels.TryAdd((name.Normalized, version), 0);
                }
            }
        }
        return [.. versions];
    }

    /// <summary>With <c>--prefer-binary</c>, a version that has a wheel for the target (learnt by <see cref="GetVersionsAsync"/>).</summary>
    public bool IsPreferred(PackageName name, PackageVersion version) => _withWheels.ContainsKey((name.Normalized, version));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, PackageVersion Version), byte> _withWheels = new();

    public Task<CoreMetadata> GetMetadataAsync(PackageName name, PackageVersion version, CancellationToken cancellationToken) =>
        memo.GetOrRunAsync($"{finder.Describe()}\n{name.Normalized}=={version}", () => ReadMetadataAsync(name, version, cancellationToken));

    private bool AllowsPython(IndexFile file) =>
        file.RequiresPython is not { } requiresPython
        || !VersionSpecifierSet.TryParse(requiresPython, out var specifier)
        || specifier.Contains(selection.PythonVersion, includePrereleases: true);

    private async Task<CoreMetadata> ReadMetadataAsync(PackageName name, PackageVersion version, CancellationToken cancellationToken)
    {
        var files = await finder.GetFilesAsync(name, cancellationToken).ConfigureAwait(false);
        var selected = DistributionSelector.Select(name, VersionSpecifierSet.Parse("==" + version), [], files, selection, $"{name}=={version}");
        var file = selected.File;
        if (selected.Filename.Wheel is { } cachedWheel && CachedEntry(file) is { } entry)
        {
            // Checked against the entry's manifest first, as an install checks each file it links: an edited METADATA
            // would otherwise resolve with requirements the wheel does not have. A changed or missing one falls through
            // to the index, whose wheel download makes the entry again.
            var member = $"{cachedWheel.Name.WheelEscaped}-{cachedWheel.Version}.dist-info/METADATA";
            if (EntryManifest.TryRead(entry.Directory) is { } manifest && manifest.Mismatch(member, entry.Tree, member) is null)
            {
                return CoreMetadataParser.Parse(await File.ReadAllTextAsync(Path.Combine(entry.Tree, member), cancellationToken).ConfigureAwait(false), file.Filename);
            }
        }
        if (file.HasCoreMetadata && !file.Url.IsFile)
        {
            return CoreMetadataParser.Parse(await FetchCoreMetadataAsync(file, cancellationToken).ConfigureAwait(false), file.Filename + ".metadata");
        }

        DownloadedArchive? downloaded = null;
        try
        {
            string path;
            if (file.Url.IsFile)
            {
                path = file.Url.LocalPath;
            }
            else
            {
                downloaded = await new Downloader(http).DownloadAsync(file.Url, file.Filename, new ExpectedHashes(file.Hashes, []), scratchDirectory, cancellationToken)
                    .ConfigureAwait(false);
                path = downloaded.Path;
            }
            var text = selected.Filename.IsWheel ? ReadWheelMetadata(path) : await ReadSourceMetadataAsync(path, file.Filename, cancellationToken).ConfigureAwait(false);
            var parsed = CoreMetadataParser.Parse(text, file.Filename);
            if (downloaded is not null && selected.Filename.Wheel is { } wheel)
            {
                // Fetched once per run: the install stage finds it unzipped, through the index's hash or the location pointer.
                new WheelUnzipper(cache).Unzip(downloaded, wheel.FileName, $"{wheel.Name.WheelEscaped}-{wheel.Version}", cancellationToken);
                new LocationPointers(cache).Record(UrlCredentials.WithoutUserInfo(file.Url).AbsoluteUri, downloaded.Sha256);
            }
            return parsed;
        }
        finally
        {
            if (downloaded is not null)
            {
                File.Delete(downloaded.Path);
            }
        }
    }

    private CacheEntry? CachedEntry(IndexFile file)
    {
        var sha256 = file.Hashes.TryGetValue("sha256", out var published) ? published.ToLowerInvariant()
            : file.Url.IsFile ? null : new LocationPointers(cache).TryGetSha256(UrlCredentials.WithoutUserInfo(file.Url).AbsoluteUri);
        return sha256 is not null && Directory.Exists(cache.WheelEntryPath(sha256)) ? CacheEntry.At(sha256, cache.WheelEntryPath(sha256)) : null;
    }

    private static string ReadWheelMetadata(string path)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(LocalWheelMetadata.ReadMetadataBytes(path));
        }
        catch (InvalidDataException exception)
        {
            throw new CoreMetadataException(exception.Message, exception);
        }
    }

    private async Task<string> FetchCoreMetadataAsync(IndexFile file, CancellationToken cancellationToken)
    {
        var url = new Uri(file.Url.AbsoluteUri + ".metadata");
        // The same retries, timeouts and credentials (URL or netrc) as every other request to the index.
        var network = NetworkResilience.For(http);
        var bytes = await network.ExecuteAsync(UrlRedactor.Redact(url), async attempt =>
        {
            using var request = network.CreateGetRequest(url);
            using var response = await attempt.SendAsync(http, request).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException($"{UrlRedactor.Redact(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            using var buffer = new MemoryStream();
            await attempt.CopyBodyAsync(response, buffer).ConfigureAwait(false);
            return buffer.ToArray();
        }, cancellationToken).ConfigureAwait(false);
        // PEP 658: the hash given for the metadata file must match what was served.
        if (file.CoreMetadataHashes.TryGetValue("sha256", out var expected)
            && !string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new DownloadException($"{UrlRedactor.Redact(url)} does not match the sha256 the index published for it ({expected}).");
        }
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    // An sdist's PKG-INFO (core metadata 2.2+ says which fields are dynamic; setuptools writes Requires-Dist there too).
    private static async Task<string> ReadSourceMetadataAsync(string path, string filename, CancellationToken cancellationToken)
    {
        if (filename.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var archive = ZipFile.OpenRead(path);
            var entry = archive.Entries.FirstOrDefault(candidate => IsTopLevelFile(candidate.FullName, "", "PKG-INFO"))
                ?? throw new CoreMetadataException($"{filename}: the source distribution has no PKG-INFO.");
            using var reader = new StreamReader(entry.Open());
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var file = File.OpenRead(path);
        await using Stream decompressed = filename.EndsWith(".tar.zst", StringComparison.OrdinalIgnoreCase)
            ? new ZstdSharp.DecompressionStream(file)
            : filename.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? file : new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(decompressed);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.DataStream is { } data && IsTopLevelFile(entry.Name, "", "PKG-INFO"))
            {
                using var reader = new StreamReader(data);
                return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        throw new CoreMetadataException($"{filename}: the source distribution has no PKG-INFO.");
    }

    private static bool IsTopLevelFile(string member, string folderSuffix, string fileName)
    {
        var parts = member.TrimStart('.', '/').Split('/');
        return parts.Length == 2 && parts[0].EndsWith(folderSuffix, StringComparison.Ordinal) && parts[1] == fileName;
    }
}
