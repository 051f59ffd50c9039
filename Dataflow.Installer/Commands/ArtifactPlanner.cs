using System.Collections.Concurrent;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Chooses a file for every requirement that needs one, asking the indexes concurrently; reports every failure, not just the first.</summary>
/// <param name="build">Attached to every source distribution chosen: what it is built for (null when nothing is built).</param>
internal sealed class ArtifactPlanner(DistributionFinder finder, FileSelectionContext context, int concurrency, bool offline, BuildTarget? build, ILogger log)
{
    public async Task<IReadOnlyList<PlannedInstall>> PlanAsync(
        IReadOnlyList<(WantedDistribution Wanted, InstalledDistribution? Replaces)> toFetch,
        CancellationToken cancellationToken)
    {
        var planned = new ConcurrentDictionary<int, PlannedInstall>();
        var errors = new ConcurrentDictionary<int, string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, toFetch.Count), parallel, async (index, token) =>
        {
            var (wanted, replaces) = toFetch[index];
            try
            {
                var artifact = wanted.SourceFolder is { } folder ? FromFolder(wanted, folder)
                    : wanted.Vcs is { } vcs ? FromVcs(wanted, vcs)
                    : wanted.Locked is { } locked ? FromLocked(wanted, locked)
                    : wanted.DirectUrl is { } url ? FromDirectUrl(wanted, url)
                    : await FromSourcesAsync(wanted, token).ConfigureAwait(false);
                if (!artifact.IsWheel)
                {
                    artifact = artifact with { Build = build, ConfigSettings = wanted.ConfigSettings };
                }
                planned[index] = new PlannedInstall(artifact, replaces, wanted.DirectUrl is not null || wanted.Vcs is not null)
                {
                    HeadersName = wanted.NameAsWritten,
                };
            }
            catch (Exception exception) when (exception is FindingException or IndexException or HttpRequestException or IOException)
            {
                errors[index] = exception is FindingException ? exception.Message : $"{wanted.Location}: {wanted.Display}: {CommandErrors.Describe(exception)}";
            }
        }).ConfigureAwait(false);

        if (!errors.IsEmpty)
        {
            // A single error travels in the exception, which Program logs; logging it here as well printed it twice.
            if (errors.Count > 1)
            {
                foreach (var (_, message) in errors.OrderBy(pair => pair.Key))
                {
                    log.Error("{Message}", message);
                }
            }
            throw new SyncFailedException(errors.Count == 1 ? errors.Values.Single() : $"{errors.Count} requirements could not be satisfied (see above).");
        }
        return planned.OrderBy(pair => pair.Key).Select(pair => pair.Value).ToList();
    }

    private async Task<DistributionArtifact> FromSourcesAsync(WantedDistribution wanted, CancellationToken cancellationToken)
    {
        var files = await finder.GetFilesAsync(wanted.Name, cancellationToken).ConfigureAwait(false);
        var tooNew = finder.TooNew(wanted.Name) is > 0 and var left
            ? $" {left} of its index files were left out by --exclude-newer (uploaded after it, or without an upload time)."
            : "";
        if (files.Count == 0)
        {
            var where = offline ? " (--offline: only the cache, local find-links and local files are used)" : "";
            throw new FindingException($"{wanted.Location}: no index or find-links location has '{wanted.Name}'; looked in {finder.Describe()}{where}.{tooNew}");
        }
        SelectedFile selected;
        try
        {
            selected = DistributionSelector.Select(wanted.Name, wanted.Specifier, wanted.Hashes, files, context, $"{wanted.Location}: {wanted.Display}");
        }
        catch (FindingException exception) when (finder.FirstIndexBeforeOthers(wanted.Name) is { } index)
        {
            // uv's default, not pip's: a pip user whose version is on a later index needs to know why it was not seen.
            throw new FindingException(
                $"{exception.Message.TrimEnd('.')}. Only {UrlRedactor.Redact(index)} was asked, the first index that has '{wanted.Name}': " +
                $"later indexes cannot shadow a project (dependency confusion); --index-strategy unsafe-best-match looks at every index, as pip does.{tooNew}");
        }
        catch (FindingException exception) when (tooNew.Length > 0)
        {
            throw new FindingException(exception.Message.TrimEnd('.') + "." + tooNew);
        }
        if (selected.Warning is not null)
        {
            log.Warning("{Location}: {Warning}", wanted.Location, selected.Warning);
        }
        var file = selected.File;
        var size = file.Size ?? (file.Url.IsFile && File.Exists(file.Url.LocalPath) ? new FileInfo(file.Url.LocalPath).Length : null);
        return new DistributionArtifact(wanted.Name, selected.Filename.Version, file.Filename, file.Url, new ExpectedHashes(file.Hashes, wanted.Hashes), size, selected.Filename.IsWheel);
    }

    // Nothing to download: the build stage builds the folder in place; the wheel it makes says the version.
    private DistributionArtifact FromFolder(WantedDistribution wanted, string folder)
    {
        if (!context.AllowsSource(wanted.Name))
        {
            throw new FindingException($"{wanted.Location}: {folder} is a project folder, which must be built, and {context.SourceRefusal(wanted.Name)}.");
        }
        return FolderArtifact(wanted, folder) with { Prebuilt = wanted.Prebuilt };
    }

    /// <summary>The artifact of a project folder: no file, no version until it is built.</summary>
    public static DistributionArtifact FolderArtifact(WantedDistribution wanted, string folder) =>
        new(wanted.Name, "", Path.GetFileName(folder), wanted.DirectUrl!, ExpectedHashes.None, null, IsWheel: false)
        {
            SourceFolder = folder,
            Editable = wanted.Editable,
            ConfigSettings = wanted.ConfigSettings,
        };

    // The lock names the file and its hashes: nothing to choose, no index to ask.
    private DistributionArtifact FromLocked(WantedDistribution wanted, PylockArchive locked)
    {
        string version;
        var isWheel = WheelFilename.TryParse(locked.FileName, out var wheel);
        if (isWheel)
        {
            version = wheel!.Version;
            if (wheel.Name != wanted.Name)
            {
                throw new FindingException($"{wanted.Location}: {locked.FileName} is a wheel of '{wheel.Name}', not of '{wanted.Name}'.");
            }
        }
        else if (!SourceDistFilename.TryParse(locked.FileName, wanted.Name, out var sourceDist))
        {
            throw new FindingException($"{wanted.Location}: {locked.FileName} is neither a wheel nor a source distribution of {wanted.Name}.");
        }
        else if (context.AllowsSource(wanted.Name))
        {
            version = sourceDist.Version;
        }
        else
        {
            throw new FindingException($"{wanted.Location}: {locked.FileName} is a source distribution, and {context.SourceRefusal(wanted.Name)}.");
        }
        if (wanted.Specifier.TryGetExactPin(out var pinned) && !(PackageVersion.TryParse(version, out var fileVersion) && fileVersion == pinned))
        {
            throw new FindingException($"{wanted.Location}: {locked.FileName} is version {version}, but the lock says {wanted.Name} {pinned}.");
        }
        if (locked.Location.IsFile && !File.Exists(locked.Location.LocalPath))
        {
            throw new FindingException($"{wanted.Location}: {locked.Location.LocalPath} does not exist.");
        }
        var size = locked.Size ?? (locked.Location.IsFile ? new FileInfo(locked.Location.LocalPath).Length : null);
        // Also as the requirement's hashes: then no hash remembered for the location stands in for the lock's own.
        var hashes = new ExpectedHashes(locked.Hashes, [.. locked.Hashes.Select(pair => $"{pair.Key}:{pair.Value}")]);
        return new DistributionArtifact(wanted.Name, version, locked.FileName, locked.Location, hashes, size, isWheel);
    }

    // Cloned by the download stage, which learns the commit; the wheel built from it says the version.
    private DistributionArtifact FromVcs(WantedDistribution wanted, VcsReference vcs)
    {
        if (!context.AllowsSource(wanted.Name))
        {
            throw new FindingException($"{wanted.Location}: {vcs.Display} is a git repository, which must be built, and {context.SourceRefusal(wanted.Name)}.");
        }
        var repository = vcs.Recorded.TrimEnd('/');
        var name = repository[(repository.LastIndexOf('/') + 1)..];
        return new DistributionArtifact(wanted.Name, "", name, new Uri(vcs.Display), ExpectedHashes.None, null, IsWheel: false) { Vcs = vcs };
    }

    private DistributionArtifact FromDirectUrl(WantedDistribution wanted, Uri url)
    {
        var filename = Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? "");
        string version;
        var isWheel = WheelFilename.TryParse(filename, out var wheel);
        if (isWheel)
        {
            version = wheel!.Version;
        }
        else if (!SourceDistFilename.TryParse(filename, wanted.Name, out var sourceDist))
        {
            throw new FindingException($"{wanted.Location}: {filename} is neither a wheel nor a source distribution of {wanted.Name}.");
        }
        else if (context.AllowsSource(wanted.Name))
        {
            version = sourceDist.Version;
        }
        else
        {
            throw new FindingException($"{wanted.Location}: {filename} is a source distribution, and {context.SourceRefusal(wanted.Name)}.");
        }
        if (url.IsFile && !File.Exists(url.LocalPath))
        {
            throw new FindingException($"{wanted.Location}: {url.LocalPath} does not exist.");
        }
        var fromFragment = new Dictionary<string, string>(StringComparer.Ordinal);
        var fragment = url.Fragment.TrimStart('#');
        var separator = fragment.IndexOf('=');
        if (separator > 0)
        {
            fromFragment[fragment[..separator].ToLowerInvariant()] = fragment[(separator + 1)..].ToLowerInvariant();
        }
        var location = new UriBuilder(url) { Fragment = "" }.Uri;
        var size = location.IsFile ? new FileInfo(location.LocalPath).Length : (long?)null;
        return new DistributionArtifact(wanted.Name, version, filename, location, new ExpectedHashes(fromFragment, wanted.Hashes), size, isWheel);
    }
}
