using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>Words a failed branch of the search as a conflict that names the requirements and their chains.</summary>
internal static class ConflictExplainer
{
    private const int ShownVersions = 10;

    /// <summary>No index has the project at all.</summary>
    public static ResolverConflict Missing(string name, Demand demand) =>
        new(
            $"missing {name} from {demand.Parent?.Name.Normalized}",
            demand.Parent is null
                ? $"no index has {demand.Text} (build requirement)"
                : $"{demand.Parent.Label} requires {demand.Text}, which no index has ({demand.Parent.Chain})");

    /// <summary>No available version satisfies all of <paramref name="sources"/> (demands and constraints) together.</summary>
    public static ResolverConflict NoCandidate(string name, IReadOnlyList<PackageVersion> versions, IReadOnlyList<Demand> sources)
    {
        var key = $"none {name}: " + string.Join(" | ", sources.Select(KeyOf).Order(StringComparer.Ordinal));
        foreach (var source in sources)
        {
            if (source.Requirement.Specifier.Filter(versions).Count == 0)
            {
                return new(key, Unsatisfiable(name, source, versions));
            }
        }
        for (var i = 0; i < sources.Count; i++)
        {
            for (var j = i + 1; j < sources.Count; j++)
            {
                if (Together(sources[i], sources[j]).Filter(versions).Count == 0)
                {
                    return new(key, Clash(sources[i], sources[j]));
                }
            }
        }
        var all = string.Join(", ", sources.Select(source => $"{source.Text} ({source.Origin})"));
        return new(key, $"no version of {name} satisfies all of {all}; available: {Available(versions)}");
    }

    /// <summary>The version already chosen for a project does not satisfy a demand that arrived after it.</summary>
    public static ResolverConflict NotSatisfiedByPick(ResolverPick pick, IReadOnlyList<PackageVersion> versions, IReadOnlyList<Demand> earlier, Demand demand)
    {
        var name = pick.Name.Normalized;
        var key = $"pick {name}: {KeyOf(demand)}";
        if (demand.Requirement.Specifier.Filter(versions).Count == 0)
        {
            return new(key, Unsatisfiable(name, demand, versions));
        }
        foreach (var other in earlier)
        {
            if (Together(other, demand).Filter(versions).Count == 0)
            {
                return new(key, Clash(other, demand));
            }
        }
        return new(key, $"{pick.Label}, chosen for {earlier[0].Text} ({earlier[0].Origin}), does not satisfy {demand.Text} ({demand.Origin})");
    }

    private static string Unsatisfiable(string name, Demand demand, IReadOnlyList<PackageVersion> versions) =>
        $"no version of {name} satisfies {demand.Text} ({demand.Origin}); available: {Available(versions)}";

    private static string Clash(Demand first, Demand second) =>
        $"{first.Text} ({first.Origin}) conflicts with {second.Text} ({second.Origin})";

    private static VersionSpecifierSet Together(Demand first, Demand second) =>
        VersionSpecifierSet.Create(first.Requirement.Specifier.Specifiers.Concat(second.Requirement.Specifier.Specifiers));

    private static string KeyOf(Demand demand) =>
        $"{demand.Text} from {(demand.IsConstraint ? "constraint" : demand.Parent?.Name.Normalized ?? "root")}";

    private static string Available(IReadOnlyList<PackageVersion> versions)
    {
        var sorted = versions.Order().ToList();
        return sorted.Count <= ShownVersions
            ? string.Join(", ", sorted)
            : $"{sorted.Count} versions, the newest {string.Join(", ", sorted.Skip(sorted.Count - ShownVersions))}";
    }
}
