using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Index;

/// <summary>
/// Chooses the file to install for one requirement from everything its sources offer: the newest version
/// the specifier allows (PEP 440 pre-release rules), not yanked unless pinned exactly (PEP 592), allowed by
/// its Requires-Python, then the wheel whose tags rank best for the target (PEP 425); with <c>--prefer-binary</c> the
/// newest version that has such a wheel, when there is one.
/// </summary>
internal static class DistributionSelector
{
    public static SelectedFile Select(
        PackageName name,
        VersionSpecifierSet specifier,
        IReadOnlyList<string> requirementHashes,
        IReadOnlyList<IndexFile> files,
        FileSelectionContext context,
        string requirementDisplay)
    {
        var parsed = new List<(IndexFile File, DistributionFilename Filename, PackageVersion Version)>();
        foreach (var file in files)
        {
            if (DistributionFilename.TryParse(file.Filename, name) is { } filename
                && filename.Name == name
                && PackageVersion.TryParse(filename.Version, out var version))
            {
                parsed.Add((file, filename, version));
            }
        }
        if (parsed.Count == 0)
        {
            throw new FindingException($"{requirementDisplay}: no distribution files for '{name}' were found{Sources(files)}.");
        }

        var allowedVersions = specifier
            .Filter(parsed.Select(candidate => candidate.Version).Distinct(), context.AllowPrereleases ? true : null)
            .ToHashSet();
        var isExactPin = specifier.TryGetExactPin(out _);
        var refused = new List<string>();
        var wheels = new List<(IndexFile File, DistributionFilename Filename, PackageVersion Version, int Priority)>();
        var sourceDists = new List<(IndexFile File, DistributionFilename Filename, PackageVersion Version)>();

        foreach (var (file, filename, version) in parsed)
        {
            if (!allowedVersions.Contains(version))
            {
                continue;
            }
            if (file.Yanked && !isExactPin)
            {
                refused.Add($"{file.Filename} is yanked");
                continue;
            }
            if (file.RequiresPython is { } requiresPython
                && VersionSpecifierSet.TryParse(requiresPython, out var pythonSpecifier)
                && !pythonSpecifier.Contains(context.PythonVersion, includePrereleases: true))
            {
                refused.Add($"{file.Filename} requires Python {requiresPython}");
                continue;
            }
            if (!HashesAllow(file, requirementHashes))
            {
                refused.Add($"{file.Filename} has an index hash that matches none of the requirement's --hash values");
                continue;
            }
            if (filename.Wheel is { } wheel)
            {
                if (!context.AllowsWheel(name))
                {
                    refused.Add($"{file.Filename} is a wheel, and --no-binary asks for {name} to be built from source");
                    continue;
                }
                if (context.Tags.BestPriority(wheel) is { } priority)
                {
                    wheels.Add((file, filename, version, priority));
                }
                else
                {
                    refused.Add(context.ForForeignInterpreter ? $"{file.Filename} is not for it" : $"{file.Filename} is not compatible with this interpreter");
                }
            }
            else
            {
                sourceDists.Add((file, filename, version));
            }
        }

        // Newest version first; within a version the best-ranked tag, then the highest build tag (PEP 427).
        var best = wheels
            .OrderByDescending(candidate => candidate.Version)
            .ThenBy(candidate => candidate.Priority)
            .ThenByDescending(candidate => candidate.Filename.Wheel!.BuildTag, Comparer<WheelBuildTag?>.Create(WheelBuildTag.Compare))
            .FirstOrDefault();
        var newestSource = sourceDists.OrderByDescending(candidate => candidate.Version).FirstOrDefault();

        var allowSource = context.AllowsSource(name);
        // A newer source distribution wins over the best wheel, as with pip, unless --prefer-binary ranks every wheel first.
        if (best.File is null || (allowSource && newestSource.File is not null && newestSource.Version > best.Version && !context.PreferBinary))
        {
            if (newestSource.File is not null)
            {
                if (!allowSource)
                {
                    throw new FindingException(
                        $"{requirementDisplay}: {name}=={newestSource.Version} is only available as a source distribution ({newestSource.File.Filename}), and " +
                        context.SourceRefusal(name) + ".");
                }
                return new SelectedFile(newestSource.File, newestSource.Filename, newestSource.Version, YankedWarning(newestSource.File));
            }
            var available = string.Join(", ", parsed.Select(candidate => candidate.Version).Distinct().OrderDescending().Take(10));
            var why = refused.Count > 0 ? $" ({string.Join("; ", refused.Distinct().Take(5))})" : "";
            throw new FindingException(
                $"{requirementDisplay}: no file of '{name}' matches '{specifier}' for {context.InterpreterName}{why}; versions available: {available}.");
        }
        return new SelectedFile(best.File, best.Filename, best.Version, YankedWarning(best.File));
    }

    private static string? YankedWarning(IndexFile file) =>
        file.Yanked ? $"{file.Filename} is yanked{(string.IsNullOrEmpty(file.YankedReason) ? "" : $" ({file.YankedReason})")}; installing it because it is pinned exactly" : null;

    // With --hash values, a file whose published hash (same algorithm) matches none of them is passed over, as pip does.
    private static bool HashesAllow(IndexFile file, IReadOnlyList<string> requirementHashes)
    {
        if (requirementHashes.Count == 0)
        {
            return true;
        }
        var comparable = requirementHashes
            .Select(value => (Algorithm: value[..value.IndexOf(':')], Hex: value[(value.IndexOf(':') + 1)..]))
            .Where(value => file.Hashes.ContainsKey(value.Algorithm))
            .ToList();
        return comparable.Count == 0 || comparable.Any(value => string.Equals(file.Hashes[value.Algorithm], value.Hex, StringComparison.OrdinalIgnoreCase));
    }

    private static string Sources(IReadOnlyList<IndexFile> files) =>
        files.Count == 0 ? "" : " in " + string.Join(", ", files.Select(file => file.Origin).Distinct().Take(3));
}
