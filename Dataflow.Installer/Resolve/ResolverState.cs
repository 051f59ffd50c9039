using System.Collections.Immutable;

namespace Dataflow.Installer.Resolve;

/// <summary>
/// An immutable snapshot of the search: the demands on every project seen, in discovery order, and the
/// versions chosen so far. Backtracking returns to an earlier snapshot, so nothing is ever undone by hand.
/// </summary>
internal sealed class ResolverState
{
    private ResolverState(
        ImmutableDictionary<string, ImmutableList<Demand>> demands,
        ImmutableList<string> order,
        ImmutableDictionary<string, ResolverPick> picks)
    {
        Demands = demands;
        Order = order;
        Picks = picks;
    }

    public static ResolverState Empty { get; } = new(
        ImmutableDictionary<string, ImmutableList<Demand>>.Empty.WithComparers(StringComparer.Ordinal),
        [],
        ImmutableDictionary<string, ResolverPick>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Demands by normalised project name.</summary>
    public ImmutableDictionary<string, ImmutableList<Demand>> Demands { get; }

    /// <summary>Normalised project names in the order they were first demanded.</summary>
    public ImmutableList<string> Order { get; }

    /// <summary>Chosen versions by normalised project name.</summary>
    public ImmutableDictionary<string, ResolverPick> Picks { get; }

    /// <summary>
    /// The first demanded project without a version, or null when every one has one. Discovery order is a
    /// breadth-first walk, so a project's requirers are mostly chosen before it is.
    /// </summary>
    public string? NextUndecided() => Order.FirstOrDefault(name => !Picks.ContainsKey(name));

    public ResolverState WithDemand(Demand demand)
    {
        var name = demand.Requirement.Name.Normalized;
        return Demands.TryGetValue(name, out var existing)
            ? new ResolverState(Demands.SetItem(name, existing.Add(demand)), Order, Picks)
            : new ResolverState(Demands.Add(name, [demand]), Order.Add(name), Picks);
    }

    public ResolverState WithPick(ResolverPick pick) =>
        new(Demands, Order, Picks.SetItem(pick.Name.Normalized, pick));
}
