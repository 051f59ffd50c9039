using System.Collections.Immutable;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>
/// One resolution: a depth-first search over versions, newest first, with chronological backtracking
/// (a conflict retries the most recent choice with its next candidate, then the one before it).
/// </summary>
internal sealed class ResolverSearch(
    IResolverProvider provider,
    IReadOnlyDictionary<string, string> environment,
    IReadOnlyDictionary<string, ImmutableList<Demand>> constraints,
    int maxTrials)
{
    private readonly Dictionary<string, IReadOnlyList<PackageVersion>> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, PackageVersion Version), CoreMetadata> _metadata = [];
    private readonly List<ResolverConflict> _conflicts = [];
    private readonly Stack<ResolverChoicePoint> _choices = new();
    private int _trials;

    public async Task<Resolution> RunAsync(ResolverState initial, CancellationToken ct)
    {
        var state = initial;
        while (state.NextUndecided() is { } name)
        {
            ct.ThrowIfCancellationRequested();
            var demands = state.Demands[name];
            var versions = await VersionsAsync(demands[0].Requirement.Name, ct).ConfigureAwait(false);
            var sources = demands.AddRange(constraints.GetValueOrDefault(name, []));
            var project = demands[0].Requirement.Name;
            var candidates = Candidates(versions, sources, version => provider.IsPreferred(project, version));
            if (versions.Count == 0)
            {
                _conflicts.Add(ConflictExplainer.Missing(name, demands[0]));
            }
            else if (candidates.Count == 0)
            {
                _conflicts.Add(ConflictExplainer.NoCandidate(name, versions, sources));
            }
            else
            {
                _choices.Push(new ResolverChoicePoint(state, name, candidates));
            }
            state = await NextCandidateAsync(ct).ConfigureAwait(false) ?? throw Failure();
        }
        var packages = state.Picks.Values
            .OrderBy(pick => pick.Name.Normalized, StringComparer.Ordinal)
            .Select(pick => new ResolvedPackage(pick.Name, pick.Version, DeclaredExtras(pick)))
            .ToList();
        return new Resolution(packages);
    }

    /// <summary>
    /// The versions that satisfy every source, with PEP 440's pre-release rules: the provider's preferred ones first,
    /// each group newest first.
    /// </summary>
    private static List<PackageVersion> Candidates(IReadOnlyList<PackageVersion> versions, IReadOnlyList<Demand> sources, Func<PackageVersion, bool> isPreferred)
    {
        var matching = versions
            .Where(version => sources.All(source => source.Requirement.Specifier.Contains(version, includePrereleases: true)))
            .OrderByDescending(isPreferred)
            .ThenByDescending(version => version)
            .ToList();
        // PEP 440 "Handling of pre-releases": accept them when a specifier names one, or when no final
        // (or post) release satisfies the specifiers at all.
        if (sources.Any(source => source.Requirement.Specifier.AllowsPrereleases))
        {
            return matching;
        }
        var releases = matching.Where(version => !version.IsPrerelease).ToList();
        return releases.Count > 0 ? releases : matching;
    }

    /// <summary>Tries candidates of the most recent choices until one leads to a consistent state; null when none is left.</summary>
    private async Task<ResolverState?> NextCandidateAsync(CancellationToken ct)
    {
        while (_choices.TryPeek(out var choice))
        {
            if (choice.Next >= choice.Candidates.Count)
            {
                _choices.Pop();
                continue;
            }
            ct.ThrowIfCancellationRequested();
            if (++_trials > maxTrials)
            {
                throw new ResolutionException(
                    $"gave up resolving after {maxTrials} candidate trials; the last conflict: {_conflicts.LastOrDefault()?.Message ?? "none"}");
            }
            var version = choice.Candidates[choice.Next++];
            var (state, conflict) = await PickAsync(choice.Before, choice.Name, version, ct).ConfigureAwait(false);
            if (conflict is null)
            {
                return state;
            }
            _conflicts.Add(conflict);
        }
        return null;
    }

    private async Task<(ResolverState State, ResolverConflict? Conflict)> PickAsync(ResolverState state, string name, PackageVersion version, CancellationToken ct)
    {
        var demands = state.Demands[name];
        var projectName = demands[0].Requirement.Name;
        var metadata = await MetadataAsync(projectName, version, ct).ConfigureAwait(false);
        var label = $"{projectName} {version}";
        var pick = new ResolverPick(
            projectName,
            version,
            metadata,
            demands.SelectMany(demand => demand.Requirement.Extras).ToImmutableSortedSet(StringComparer.Ordinal),
            demands[0].ChainThrough(label));
        state = state.WithPick(pick);
        foreach (var requirement in metadata.RequiresDist.Where(requirement => Applies(requirement, pick, pick.Extras)))
        {
            ResolverConflict? conflict;
            (state, conflict) = await AddDemandAsync(state, new Demand(requirement, pick, IsConstraint: false), ct).ConfigureAwait(false);
            if (conflict is not null)
            {
                return (state, conflict);
            }
        }
        return (state, null);
    }

    /// <summary>Records a demand; when its project is already chosen, checks the choice and adds newly requested extras' dependencies.</summary>
    private async Task<(ResolverState State, ResolverConflict? Conflict)> AddDemandAsync(ResolverState state, Demand demand, CancellationToken ct)
    {
        if (demand.Requirement.Url is not null)
        {
            throw new ResolutionException(
                $"{demand.Text} ({demand.Origin}) is a URL requirement; build requirements are resolved from indexes only");
        }
        var name = demand.Requirement.Name.Normalized;
        var earlier = state.Demands.GetValueOrDefault(name, []).AddRange(constraints.GetValueOrDefault(name, []));
        state = state.WithDemand(demand);
        if (!state.Picks.TryGetValue(name, out var pick))
        {
            return (state, null);
        }
        // A version already chosen only has to satisfy the specifier; pre-release rules are for choosing
        // (pip's resolver checks a chosen candidate the same way).
        if (!demand.Requirement.Specifier.Contains(pick.Version, includePrereleases: true))
        {
            var versions = await VersionsAsync(pick.Name, ct).ConfigureAwait(false);
            return (state, ConflictExplainer.NotSatisfiedByPick(pick, versions, earlier, demand));
        }
        var extras = pick.Extras.Union(demand.Requirement.Extras);
        if (extras.Count == pick.Extras.Count)
        {
            return (state, null);
        }
        var widened = pick with { Extras = extras };
        state = state.WithPick(widened);
        var added = pick.Metadata.RequiresDist
            .Where(requirement => Applies(requirement, pick, extras) && !Applies(requirement, pick, pick.Extras));
        foreach (var requirement in added)
        {
            ResolverConflict? conflict;
            (state, conflict) = await AddDemandAsync(state, new Demand(requirement, widened, IsConstraint: false), ct).ConfigureAwait(false);
            if (conflict is not null)
            {
                return (state, conflict);
            }
        }
        return (state, null);
    }

    /// <summary>
    /// Whether a Requires-Dist row applies to a package requested with <paramref name="extras"/>: its marker
    /// holds with <c>extra</c> set to "" or to one of them (as pip evaluates it). Extras the project does
    /// not declare simply match no row, which is pip's behaviour too (it only warns).
    /// </summary>
    private bool Applies(Requirement requirement, ResolverPick pick, IEnumerable<string> extras)
    {
        try
        {
            return requirement.AppliesTo(environment, extras.Prepend(""));
        }
        catch (MarkerEvaluationException exception)
        {
            throw new ResolutionException($"{pick.Label} requires {requirement}, whose marker cannot be evaluated: {exception.Message}", exception);
        }
    }

    private static IReadOnlyList<string> DeclaredExtras(ResolverPick pick)
    {
        var declared = pick.Metadata.ProvidesExtra
            .Select(extra => PackageName.TryParse(extra, out var normalized) ? normalized.Normalized : extra.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        return pick.Extras.Where(declared.Contains).ToList();
    }

    private ResolutionException Failure()
    {
        // The last conflict is the one met deepest in the exhausted search; it is worded with the first
        // (newest) candidate that failed the same way, which is what a reader expects to be named.
        var last = _conflicts[^1];
        var same = _conflicts.Where(conflict => conflict.Key == last.Key).ToList();
        var message = same[0].Message;
        if (same.Count > 1)
        {
            message += $" (the same conflict stopped {same.Count - 1} other candidate(s) tried)";
        }
        return new ResolutionException(message);
    }

    private async Task<IReadOnlyList<PackageVersion>> VersionsAsync(PackageName name, CancellationToken ct)
    {
        if (!_versions.TryGetValue(name.Normalized, out var versions))
        {
            versions = await provider.GetVersionsAsync(name, ct).ConfigureAwait(false);
            _versions[name.Normalized] = versions;
        }
        return versions;
    }

    private async Task<CoreMetadata> MetadataAsync(PackageName name, PackageVersion version, CancellationToken ct)
    {
        if (!_metadata.TryGetValue((name.Normalized, version), out var metadata))
        {
            metadata = await provider.GetMetadataAsync(name, version, ct).ConfigureAwait(false);
            if (metadata.Name != name || metadata.Version != version)
            {
                throw new ResolutionException($"the metadata of {name} {version} names {metadata.Name} {metadata.Version}");
            }
            _metadata[(name.Normalized, version)] = metadata;
        }
        return metadata;
    }
}
