using Dataflow.Installer.Environments;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Commands;

/// <summary>
/// Compares what an environment holds with what it must hold, without touching the network: an installed
/// distribution that satisfies its requirement is kept (which makes a second sync a no-op).
/// </summary>
internal static class SyncPlanner
{
    /// <summary>Distributions sync keeps even when they are not listed, unless <c>--exact</c> (as <c>uv pip sync</c> keeps them in a venv it did not make bare).</summary>
    public static readonly IReadOnlySet<PackageName> Seeds = new HashSet<PackageName>
    {
        PackageName.Parse("pip"), PackageName.Parse("setuptools"), PackageName.Parse("wheel"),
    };

    /// <param name="wanted">What the files list.</param>
    /// <param name="installed">What the environment holds.</param>
    /// <param name="reinstall">Replace every listed distribution, even one already right.</param>
    /// <param name="exact">Also remove pip, setuptools and wheel when not listed.</param>
    /// <param name="reinstallPackages">Replace these listed distributions even when already right.</param>
    public static SyncDecision Decide(
        IReadOnlyList<WantedDistribution> wanted, IReadOnlyList<InstalledDistribution> installed, bool reinstall, bool exact, IReadOnlySet<PackageName>? reinstallPackages = null)
    {
        var byName = new Dictionary<PackageName, List<InstalledDistribution>>();
        foreach (var distribution in installed)
        {
            if (!PackageName.TryParse(distribution.Name, out var name))
            {
                continue;
            }
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
            }
            list.Add(distribution);
        }

        var toFetch = new List<(WantedDistribution Wanted, InstalledDistribution? Replaces)>();
        var unchanged = new List<InstalledDistribution>();
        var removals = new List<InstalledDistribution>();
        foreach (var item in wanted)
        {
            byName.TryGetValue(item.Name, out var present);
            var current = present?.FirstOrDefault(distribution => !distribution.IsEggInfo) ?? present?.FirstOrDefault();
            if (current is not null && !reinstall && reinstallPackages?.Contains(item.Name) != true && Satisfies(current, item))
            {
                unchanged.Add(current);
            }
            else
            {
                toFetch.Add((item, current));
            }
            // Two metadata folders for one project (a broken earlier install) leave only the one we keep or replace.
            if (present is not null)
            {
                removals.AddRange(present.Where(distribution => !ReferenceEquals(distribution, current)));
            }
        }

        var wantedNames = wanted.Select(item => item.Name).ToHashSet();
        foreach (var (name, present) in byName)
        {
            if (wantedNames.Contains(name) || (!exact && Seeds.Contains(name)))
            {
                continue;
            }
            removals.AddRange(present);
        }
        return new SyncDecision(toFetch, unchanged, removals);
    }

    /// <summary>The files whose change makes an editable install stale, as uv's default cache keys: its metadata and build configuration.</summary>
    private static readonly IReadOnlyList<string> EditableMetadataFiles = ["pyproject.toml", "setup.py", "setup.cfg"];

    private static bool Satisfies(InstalledDistribution installed, WantedDistribution wanted)
    {
        // A legacy develop install serves whatever its folder holds now, with no record of how it was made: it is replaced.
        if (installed.EggLink is not null)
        {
            return false;
        }
        if (wanted.SourceFolder is { } folder)
        {
            return wanted.Editable && IsCurrentEditable(installed, folder, wanted.DirectUrl!);
        }
        if (wanted.Vcs is { } vcs)
        {
            return IsSameRevision(installed, vcs);
        }
        var directUrl = Pipeline.DirectUrl.RecordedIn(installed);
        if (wanted.DirectUrl is not null)
        {
            return directUrl is not null && string.Equals(directUrl, Pipeline.DirectUrl.Recorded(wanted.DirectUrl), StringComparison.Ordinal);
        }
        // A distribution installed from a URL is replaced by the index's when the requirement names no URL.
        if (directUrl is not null)
        {
            return false;
        }
        return PackageVersion.TryParse(installed.Version, out var version) && wanted.Specifier.Contains(version, includePrereleases: true);
    }

    // A commit names one tree forever; a branch or tag is taken as installed while the installed record asked for the same
    // one (as uv takes it), so that a sync stays a no-op without asking the repository: --reinstall follows a moved branch.
    private static bool IsSameRevision(InstalledDistribution installed, Requirements.VcsReference vcs)
    {
        if (Pipeline.DirectUrl.RecordIn(installed) is not { Vcs: "git" } record
            || !string.Equals(record.Url, vcs.Recorded, StringComparison.Ordinal) || record.Subdirectory != vcs.Subdirectory)
        {
            return false;
        }
        return vcs.IsCommit
            ? string.Equals(record.CommitId, vcs.Revision, StringComparison.OrdinalIgnoreCase)
            : record.RequestedRevision == vcs.Revision;
    }

    // A folder installed in place serves edits to its code as they are made, so it is kept; not when the folder's
    // metadata changed since it was installed (a new version, dependency or entry point needs a new build). A folder
    // installed otherwise is built again at every sync, as pip builds it: its files may have changed since.
    internal static bool IsCurrentEditable(InstalledDistribution installed, string folder, Uri folderUrl)
    {
        if (Pipeline.DirectUrl.RecordIn(installed) is not { IsEditable: true } record
            || !string.Equals(record.Url, Pipeline.DirectUrl.Recorded(folderUrl), StringComparison.Ordinal))
        {
            return false;
        }
        var installedAt = File.GetLastWriteTimeUtc(Path.Combine(installed.DistInfoPath, Inspect.DirectUrlRecord.FileName));
        return EditableMetadataFiles.Select(name => Path.Combine(folder, name)).Where(File.Exists).All(path => File.GetLastWriteTimeUtc(path) <= installedAt);
    }
}
