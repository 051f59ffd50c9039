using System.Collections.Concurrent;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Index;

/// <summary>
/// Gathers the files offered for a project: from the first index that has the project (so that a
/// same-named project on a later index cannot shadow it), or from every index with
/// <see cref="IndexStrategy.UnsafeBestMatch"/>; plus every find-links location.
/// </summary>
internal sealed class DistributionFinder(SimpleIndexClient indexClient, HttpClient httpClient, IReadOnlyList<Uri> indexes, IReadOnlyList<string> findLinks, bool offline)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<IndexFile>>>> _findLinksFiles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _localRequiresPython = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PackageName, Uri> _answeredBy = new();
    private readonly ConcurrentDictionary<PackageName, int> _tooNew = new();

    /// <summary>uv's <c>--exclude-newer</c>: an index's files uploaded after this, or without an upload time, are not offered; null: all are.</summary>
    public DateTimeOffset? ExcludeNewer { get; init; }

    /// <summary>Whether later indexes are asked too (default: the first index that has a project is its only one).</summary>
    public IndexStrategy Strategy { get; init; } = IndexStrategy.FirstIndex;

    /// <summary>Where files are looked for, for messages.</summary>
    public string Describe() =>
        string.Join(", ", indexes.Select(UrlRedactor.Redact).Concat(findLinks.Select(UrlRedactor.Redact)).DefaultIfEmpty("no index and no find-links"));

    public async Task<IReadOnlyList<IndexFile>> GetFilesAsync(PackageName project, CancellationToken cancellationToken)
    {
        var files = new List<IndexFile>();
        foreach (var location in findLinks)
        {
            if (offline && IsRemote(location))
            {
                continue;
            }
            var lazy = _findLinksFiles.GetOrAdd(location, key => new Lazy<Task<IReadOnlyList<IndexFile>>>(
                () => new FindLinksSource(key, httpClient).GetFilesAsync(cancellationToken)));
            foreach (var file in await lazy.Value.ConfigureAwait(false))
            {
                files.Add(WithLocalRequiresPython(file, project));
            }
        }
        // Offline, the index client answers from cached pages only (see PageCachePolicy.Offline).
        if (Strategy == IndexStrategy.UnsafeBestMatch)
        {
            // Asked together; a file that two indexes both offer is taken from the earlier, as a tie goes to it.
            var answers = await Task.WhenAll(indexes.Select(index => indexClient.GetProjectFilesAsync(index, project, cancellationToken))).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            files.AddRange(NotTooNew(project, answers.Where(answer => answer is not null).SelectMany(answer => answer!).Where(file => seen.Add(file.Filename))));
            return files;
        }
        foreach (var index in indexes)
        {
            var fromIndex = await indexClient.GetProjectFilesAsync(index, project, cancellationToken).ConfigureAwait(false);
            if (fromIndex is not null)
            {
                files.AddRange(NotTooNew(project, fromIndex));
                _answeredBy[project] = index;
                break;
            }
        }
        return files;
    }

    /// <summary>For a message about <paramref name="project"/>: how many of its index files <see cref="ExcludeNewer"/> left out.</summary>
    public int TooNew(PackageName project) => _tooNew.GetValueOrDefault(project);

    // Find-links and direct references are the user's own files: only an index's are held to the date, as in uv.
    private IEnumerable<IndexFile> NotTooNew(PackageName project, IEnumerable<IndexFile> files)
    {
        if (ExcludeNewer is not { } cutoff)
        {
            return files;
        }
        var kept = new List<IndexFile>();
        var left = 0;
        foreach (var file in files)
        {
            if (file.UploadTime is { } uploaded && uploaded <= cutoff)
            {
                kept.Add(file);
            }
            else
            {
                left++;
            }
        }
        _tooNew[project] = left;
        return kept;
    }

    /// <summary>
    /// For a message about <paramref name="project"/>: which index its files came from when later indexes were not
    /// asked (<see cref="IndexStrategy.FirstIndex"/>); null when every index was asked or none had it.
    /// </summary>
    public Uri? FirstIndexBeforeOthers(PackageName project) =>
        _answeredBy.TryGetValue(project, out var index) && !index.Equals(indexes[^1]) ? index : null;

    private IndexFile WithLocalRequiresPython(IndexFile file, PackageName project)
    {
        if (!file.Url.IsFile || file.RequiresPython is not null || !file.Filename.EndsWith(".whl", StringComparison.OrdinalIgnoreCase)
            || DistributionFilename.TryParse(file.Filename, project) is not { } filename || filename.Name != project)
        {
            return file;
        }
        var requiresPython = _localRequiresPython.GetOrAdd(file.Url.LocalPath, LocalWheelMetadata.ReadRequiresPython);
        return requiresPython is null ? file : file with { RequiresPython = requiresPython };
    }

    private static bool IsRemote(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
