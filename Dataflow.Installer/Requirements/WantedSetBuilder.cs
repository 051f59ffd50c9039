using Dataflow.Installer.Build;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Requirements;

/// <summary>
/// Turns requirement lines into the set of distributions an environment must hold: parses each line
/// (PEP 508), drops those whose markers do not apply to the target, applies <c>-c</c> constraints, refuses
/// a project asked for twice in different ways, and enforces pip's hash-checking rules.
/// </summary>
internal static class WantedSetBuilder
{
    public static IReadOnlyList<WantedDistribution> Build(RequirementsFile file, IReadOnlyDictionary<string, string> markerEnvironment, bool requireHashes)
    {
        var constraints = new Dictionary<PackageName, (VersionSpecifierSet Specifier, SourceLocation Location)>();
        foreach (var line in file.Constraints)
        {
            var constraint = ParseNamed(line);
            if (constraint.Marker is not null && !Applies(constraint.Marker, markerEnvironment, line))
            {
                continue;
            }
            constraints[constraint.Name] = constraints.TryGetValue(constraint.Name, out var existing)
                ? (VersionSpecifierSet.Parse(Join(existing.Specifier, constraint.Specifier)), existing.Location)
                : (constraint.Specifier, line.Location);
        }

        var wanted = new Dictionary<PackageName, WantedDistribution>();
        foreach (var line in file.Requirements)
        {
            var candidate = ToWanted(line, markerEnvironment);
            if (candidate is null)
            {
                continue;
            }
            if (line.ConfigSettings is { Count: > 0 } settings)
            {
                candidate = candidate with { ConfigSettings = ConfigSettings.Parse(settings, setting => new RequirementsFileException(line.Location, $"'--config-settings {setting}' is not KEY=VALUE")) };
            }
            if (constraints.TryGetValue(candidate.Name, out var constraint) && candidate.DirectUrl is null && candidate.Vcs is null)
            {
                candidate = candidate with { Specifier = VersionSpecifierSet.Parse(Join(candidate.Specifier, constraint.Specifier)) };
            }
            if (wanted.TryGetValue(candidate.Name, out var earlier))
            {
                if (earlier.Specifier.Equals(candidate.Specifier) && earlier.DirectUrl == candidate.DirectUrl && earlier.Editable == candidate.Editable
                    && earlier.Vcs == candidate.Vcs && earlier.ConfigSettings.Digest == candidate.ConfigSettings.Digest)
                {
                    // The same line reached twice (a file included twice) asks for nothing new.
                    continue;
                }
                throw new RequirementsFileException(line.Location,
                    $"'{(candidate.NameFromBuild ? candidate.Display : candidate.Name)}' is already required as '{earlier.Display}' at {earlier.Location}; a pinned set lists each project once");
            }
            wanted[candidate.Name] = candidate;
        }

        // pip turns hash-checking mode on from every requirement line, including those its markers then skip.
        if (requireHashes || file.RequireHashes || file.Requirements.Any(line => line.Hashes.Count > 0))
        {
            CheckHashMode(wanted.Values, requireHashes || file.RequireHashes);
        }
        return wanted.Values.ToList();
    }

    private static WantedDistribution? ToWanted(RequirementLine line, IReadOnlyDictionary<string, string> markerEnvironment)
    {
        if (line.Kind == RequirementLineKind.PathOrUrl)
        {
            if (line.Marker is { } markerText)
            {
                MarkerExpression marker;
                try
                {
                    marker = MarkerExpression.Parse(markerText);
                }
                catch (FormatException exception)
                {
                    throw new RequirementsFileException(line.Location, exception.Message, exception);
                }
                if (!Applies(marker, markerEnvironment, line))
                {
                    return null;
                }
            }
            if (VcsReference.Looks(line.PathOrUrl!))
            {
                var reference = Guard(line, () => VcsReference.Parse(line.PathOrUrl!));
                var eggName = reference.EggName ?? throw new RequirementsFileException(line.Location,
                    $"'{VcsReference.Redacted(line.PathOrUrl!)}' does not say which project it holds: write it as 'NAME @ {VcsReference.Redacted(line.PathOrUrl!)}'");
                return FromVcs(Guard(line, () => PackageName.Parse(eggName)), reference, line);
            }
            var url = ToUri(line.PathOrUrl!);
            if (url.IsFile && Directory.Exists(url.LocalPath))
            {
                var (folderName, fromBuild) = ProjectName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(url.LocalPath)), line);
                return FromFolder(folderName, url.LocalPath, line) with { NameFromBuild = fromBuild };
            }
            if (line.Editable)
            {
                throw new RequirementsFileException(line.Location, $"'{line.Text}' is not a valid editable requirement: it must be a local project folder");
            }
            var name = NameFromArchive(url, line);
            return new WantedDistribution(name, VersionSpecifierSet.Parse(""), line.Hashes, url, line.Location) { NameAsWritten = WheelNameAsWritten(url) };
        }

        var requirement = ParseNamed(line);
        if (requirement.Marker is not null && !Applies(requirement.Marker, markerEnvironment, line))
        {
            return null;
        }
        Uri? direct = null;
        if (requirement.UrlText is { } urlText && VcsReference.Looks(urlText))
        {
            return FromVcs(requirement.Name, Guard(line, () => VcsReference.Parse(urlText)), line);
        }
        if (requirement.Url is { } requirementUrl)
        {
            direct = requirementUrl.IsAbsoluteUri ? requirementUrl : new Uri(Path.GetFullPath(Uri.UnescapeDataString(requirementUrl.OriginalString.Replace("file:", "", StringComparison.Ordinal))));
            if (direct.IsFile && Directory.Exists(direct.LocalPath))
            {
                Guard(line, () =>
                {
                    RequirementClassifier.CheckProjectFolder(direct.LocalPath, direct.LocalPath);
                    return true;
                });
                return FromFolder(requirement.Name, direct.LocalPath, line);
            }
            var archiveName = NameFromArchive(direct, line);
            if (archiveName != requirement.Name)
            {
                throw new RequirementsFileException(line.Location, $"'{requirement.NameText}' points at a file of '{archiveName}'");
            }
        }
        return new WantedDistribution(requirement.Name, requirement.Specifier, line.Hashes, direct, line.Location) { NameAsWritten = requirement.NameText };
    }

    // A marker the environment cannot evaluate (PEP 751's extras and dependency_groups outside a lock file) names its line.
    private static bool Applies(MarkerExpression marker, IReadOnlyDictionary<string, string> markerEnvironment, RequirementLine line)
    {
        try
        {
            return marker.Evaluate(markerEnvironment);
        }
        catch (MarkerEvaluationException exception)
        {
            throw new RequirementsFileException(line.Location, $"marker '{marker}': {exception.Message}", exception);
        }
    }

    private static Requirement ParseNamed(RequirementLine line)
    {
        try
        {
            return Requirement.Parse(line.Text);
        }
        catch (FormatException exception)
        {
            throw new RequirementsFileException(line.Location, exception.Message, exception);
        }
    }

    private static Uri ToUri(string pathOrUrl) =>
        pathOrUrl.Contains("://", StringComparison.Ordinal) ? new Uri(pathOrUrl) : new Uri(Path.GetFullPath(pathOrUrl));

    // A project folder is built in place at every sync (as pip builds it), or installed in place with -e (PEP 660).
    private static WantedDistribution FromFolder(PackageName name, string folder, RequirementLine line)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return new WantedDistribution(name, VersionSpecifierSet.Parse(""), line.Hashes, new Uri(full), line.Location)
        {
            SourceFolder = full,
            Editable = line.Editable,
        };
    }

    // Cloned and built at the sync (or found built, by commit, in the cache); recorded with PEP 610's vcs_info.
    private static WantedDistribution FromVcs(PackageName name, VcsReference reference, RequirementLine line) =>
        new(name, VersionSpecifierSet.Parse(""), line.Hashes, null, line.Location) { Vcs = reference };

    private static T Guard<T>(RequirementLine line, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException exception)
        {
            throw new RequirementsFileException(line.Location, exception.Message, exception);
        }
    }

    // The name is needed before the build, to know what the folder replaces: a #egg= fragment, else the folder's static
    // metadata. A folder whose name only its build knows (setup.py, a dynamic name) gets a placeholder, unique to the
    // folder, that the planner replaces with the name of an installed distribution recorded from the folder, or of the
    // wheel a build of it makes.
    private static (PackageName Name, bool FromBuild) ProjectName(string folder, RequirementLine line)
    {
        string? text;
        try
        {
            text = line.ProjectName ?? ProjectFolderName.Read(folder);
        }
        catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new RequirementsFileException(line.Location, exception.Message, exception);
        }
        if (text is null)
        {
            var digest = Cache.CacheKey.Name(folder, secret: false)[..12];
            return (PackageName.Parse("unnamed-folder-" + digest), true);
        }
        return PackageName.TryParse(text, out var name)
            ? (name, false)
            : throw new RequirementsFileException(line.Location, $"'{text}', the name of the project in '{folder}', is not a valid project name");
    }

    // pip names a wheel given by path after its file name's first part, with '_' read as '-' (its Wheel class).
    private static string? WheelNameAsWritten(Uri url)
    {
        var filename = Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? "");
        return WheelFilename.TryParse(filename, out _) ? filename[..filename.IndexOf('-')].Replace('_', '-') : null;
    }

    private static PackageName NameFromArchive(Uri url, RequirementLine line)
    {
        var filename = Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? "");
        if (WheelFilename.TryParse(filename, out var wheel))
        {
            return wheel.Name;
        }
        if (SourceDistFilename.TryParse(filename, null, out var sourceDist))
        {
            return sourceDist.Name;
        }
        throw new RequirementsFileException(line.Location, $"'{filename}' is neither a wheel nor a source distribution file name");
    }

    private static string Join(VersionSpecifierSet left, VersionSpecifierSet right) =>
        string.Join(",", new[] { left.ToString(), right.ToString() }.Where(text => text.Length > 0));

    // pip's hash-checking mode: once any requirement has a hash, every one needs a hash and an exact pin.
    private static void CheckHashMode(IEnumerable<WantedDistribution> wanted, bool explicitlyRequired)
    {
        var why = explicitlyRequired ? "--require-hashes is on" : "another requirement has a --hash (pip's hash-checking mode)";
        foreach (var item in wanted)
        {
            if (item.SourceFolder is not null || item.Vcs is not null)
            {
                // As pip: a folder or a repository is no single file, so no hash can vouch for it.
                var what = item.Vcs is null ? "a project folder" : "a version control requirement";
                throw new RequirementsFileException(item.Location, $"'{item.Display}' is {what}, which cannot be checked against a hash, but {why}");
            }
            if (item.Hashes.Count == 0)
            {
                throw new RequirementsFileException(item.Location, $"'{item.Display}' has no --hash, but {why}");
            }
            if (item.DirectUrl is null && item.Vcs is null && !item.Specifier.TryGetExactPin(out _))
            {
                throw new RequirementsFileException(item.Location, $"'{item.Display}' is not pinned with ==, but {why}");
            }
        }
    }
}
