using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>A project whose version was chosen: the state before the choice and the candidates, newest first.</summary>
internal sealed class ResolverChoicePoint(ResolverState before, string name, IReadOnlyList<PackageVersion> candidates)
{
    public ResolverState Before { get; } = before;

    public string Name { get; } = name;

    public IReadOnlyList<PackageVersion> Candidates { get; } = candidates;

    /// <summary>The index of the next candidate to try.</summary>
    public int Next { get; set; }
}
