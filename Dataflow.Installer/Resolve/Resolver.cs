using System.Collections.Immutable;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>
/// Resolves build requirements (ranges with dependencies of their own) to one version per project, as pip
/// and uv would: markers and extras, newest versions first, PEP 440 pre-release rules, constraints, backtracking.
/// </summary>
internal sealed class Resolver(IResolverProvider provider, IReadOnlyDictionary<string, string> markerEnvironment, int maxTrials = Resolver.DefaultMaxTrials)
{
    /// <summary>How many candidate versions the search tries before it gives up.</summary>
    public const int DefaultMaxTrials = 20_000;

    /// <summary>
    /// Resolves <paramref name="roots"/>; <paramref name="constraints"/> (from <c>--build-constraints</c>) narrow
    /// the versions of projects that are required anyway and never add one. Failures throw <see cref="ResolutionException"/>.
    /// </summary>
    public async Task<Resolution> ResolveAsync(IReadOnlyList<Requirement> roots, IReadOnlyList<Requirement> constraints, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(constraints);
        var byName = new Dictionary<string, ImmutableList<Demand>>(StringComparer.Ordinal);
        foreach (var constraint in constraints.Where(AppliesHere))
        {
            var demand = new Demand(constraint, Parent: null, IsConstraint: true);
            if (constraint.Url is not null)
            {
                throw new ResolutionException($"{demand.Text} ({demand.Origin}) is a URL requirement; build constraints must be version specifiers");
            }
            // Extras in a constraint add nothing: a constraint only narrows versions (uv ignores them too).
            byName[constraint.Name.Normalized] = byName.GetValueOrDefault(constraint.Name.Normalized, []).Add(demand);
        }
        var state = ResolverState.Empty;
        foreach (var root in roots.Where(AppliesHere))
        {
            var demand = new Demand(root, Parent: null, IsConstraint: false);
            if (root.Url is not null)
            {
                throw new ResolutionException($"{demand.Text} ({demand.Origin}) is a URL requirement; build requirements are resolved from indexes only");
            }
            state = state.WithDemand(demand);
        }
        return await new ResolverSearch(provider, markerEnvironment, byName, maxTrials).RunAsync(state, ct).ConfigureAwait(false);
    }

    private bool AppliesHere(Requirement requirement)
    {
        try
        {
            return requirement.AppliesTo(markerEnvironment, []);
        }
        catch (MarkerEvaluationException exception)
        {
            throw new ResolutionException($"the marker of {requirement} cannot be evaluated: {exception.Message}", exception);
        }
    }
}
