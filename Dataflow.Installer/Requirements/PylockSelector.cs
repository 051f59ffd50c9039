using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Requirements;

/// <summary>
/// PEP 751's install from a lock file, for one interpreter: the lock must be for it (requires-python, environments);
/// each package whose marker holds (by default no extras and the default groups; else those asked for) gets one entry, its best-fitting
/// wheel, else its sdist, else its archive, folder or repository. What comes from an index is wanted by version, as
/// an index install is; what does not, by its URL (recorded in direct_url.json).
/// </summary>
internal static class PylockSelector
{
    /// <exception cref="RequirementsFileException">The lock is not for this interpreter, or a package has no file for it.</exception>
    /// <param name="extras">The extras asked for (<c>--extra</c>); the lock must list them in its <c>extras</c>, when it lists any.</param>
    /// <param name="groups">The dependency groups asked for (<c>--group</c>), instead of the lock's <c>default-groups</c>; null for those.</param>
    public static IReadOnlyList<WantedDistribution> Select(
        PylockFile lockFile, IReadOnlyDictionary<string, string> markerEnvironment, CompatibilityTags tags, PackageVersion python,
        IReadOnlyList<string>? extras = null, IReadOnlyList<string>? groups = null)
    {
        var at = new SourceLocation(lockFile.Path, 0);
        extras ??= [];
        CheckListed(extras, lockFile.Extras, "extra", "extras", at);
        CheckListed(groups ?? [], lockFile.DependencyGroups, "dependency group", "dependency-groups", at);
        if (lockFile.RequiresPython is { } requires && !Allows(requires, python, at, "requires-python"))
        {
            throw new RequirementsFileException(at, $"is for Python {requires}, not this interpreter's {python}");
        }
        var environment = new Dictionary<string, string>(markerEnvironment, StringComparer.Ordinal)
        {
            [MarkerVariables.Extras] = string.Join(MarkerVariables.SetSeparator, extras),
            [MarkerVariables.DependencyGroups] = string.Join(MarkerVariables.SetSeparator, groups ?? lockFile.DefaultGroups),
        };
        if (lockFile.Environments.Count > 0 && !lockFile.Environments.Any(marker => Holds(marker, environment, at, "environments")))
        {
            throw new RequirementsFileException(at, $"is for other environments ({string.Join("; ", lockFile.Environments)}), not this interpreter's");
        }

        var wanted = new List<WantedDistribution>();
        var seen = new Dictionary<PackageName, PylockPackage>();
        foreach (var package in lockFile.Packages)
        {
            var where = $"packages[{package.Position}] ('{package.Name}')";
            if (package.Marker is { } marker && !Holds(marker, environment, at, where))
            {
                continue;
            }
            if (package.RequiresPython is { } packageRequires && !Allows(packageRequires, python, at, where))
            {
                throw new RequirementsFileException(at, $"{where} is for Python {packageRequires}, not this interpreter's {python}");
            }
            var name = PackageName.Parse(package.Name);
            if (seen.TryGetValue(name, out var earlier))
            {
                throw new RequirementsFileException(at,
                    $"packages[{package.Position}] and packages[{earlier.Position}] are both '{name}' for this environment; a lock gives one entry per project and environment");
            }
            seen[name] = package;
            wanted.Add(ToWanted(package, name, tags, at));
        }
        return wanted;
    }

    // PEP 751: a lock that lists its extras or groups can install only those; one that lists none is taken at its word.
    private static void CheckListed(IReadOnlyList<string> asked, IReadOnlyList<string> listed, string what, string key, SourceLocation at)
    {
        var normal = listed.Select(PackageName.NormalizeAny).ToHashSet(StringComparer.Ordinal);
        foreach (var name in asked.Where(name => listed.Count > 0 && !normal.Contains(PackageName.NormalizeAny(name))))
        {
            throw new RequirementsFileException(at, $"has no {what} '{name}' (its {key}: {string.Join(", ", listed)})");
        }
    }


    private static WantedDistribution ToWanted(PylockPackage package, PackageName name, CompatibilityTags tags, SourceLocation at)
    {
        var any = VersionSpecifierSet.Parse("");
        if (package.Vcs is { } vcs)
        {
            return new WantedDistribution(name, any, [], null, at) { Vcs = vcs };
        }
        if (package.Directory is { } directory)
        {
            try
            {
                RequirementClassifier.CheckProjectFolder(directory.Folder, directory.Folder);
            }
            catch (FormatException exception)
            {
                throw new RequirementsFileException(at, $"packages[{package.Position}] ('{package.Name}'): {exception.Message}", exception);
            }
            return new WantedDistribution(name, any, [], new Uri(directory.Folder), at) { SourceFolder = directory.Folder, Editable = directory.Editable };
        }
        if (package.Archive is { } archive)
        {
            return new WantedDistribution(name, any, [], archive.Location, at) { Locked = archive };
        }
        var best = package.Wheels
            .Select(wheel => (Wheel: wheel, Priority: WheelFilename.TryParse(wheel.FileName, out var parsed) && parsed!.Name == name ? tags.BestPriority(parsed) : null))
            .Where(candidate => candidate.Priority is not null)
            .OrderBy(candidate => candidate.Priority)
            .Select(candidate => candidate.Wheel)
            .FirstOrDefault();
        var chosen = best ?? package.Sdist ?? throw new RequirementsFileException(at,
            $"packages[{package.Position}] ('{package.Name}'): none of its {package.Wheels.Count} wheels fits this interpreter (best tag {tags.Tags[0]}), and it has no sdist");
        if (package.Index is not null)
        {
            // From an index: installed as an index install is (no direct_url.json), so that a sync keeps it by version.
            var version = package.Version ?? VersionOf(chosen.FileName, name);
            return new WantedDistribution(name, version is null ? any : VersionSpecifierSet.Parse("==" + version), [], null, at) { Locked = chosen };
        }
        return new WantedDistribution(name, package.Version is { } pinned ? VersionSpecifierSet.Parse("==" + pinned) : any, [], chosen.Location, at) { Locked = chosen };
    }

    private static string? VersionOf(string fileName, PackageName name) =>
        WheelFilename.TryParse(fileName, out var wheel) ? wheel!.Version
        : SourceDistFilename.TryParse(fileName, name, out var sourceDist) ? sourceDist.Version
        : null;

    private static bool Holds(string marker, IReadOnlyDictionary<string, string> environment, SourceLocation at, string where)
    {
        try
        {
            return MarkerExpression.Parse(marker).Evaluate(environment);
        }
        catch (Exception exception) when (exception is FormatException or MarkerEvaluationException)
        {
            throw new RequirementsFileException(at, $"{where}: marker '{marker}': {exception.Message}", exception);
        }
    }

    private static bool Allows(string specifiers, PackageVersion python, SourceLocation at, string where)
    {
        try
        {
            return VersionSpecifierSet.Parse(specifiers).Contains(python, includePrereleases: true);
        }
        catch (FormatException exception)
        {
            throw new RequirementsFileException(at, $"{where}: requires-python '{specifiers}': {exception.Message}", exception);
        }
    }
}
