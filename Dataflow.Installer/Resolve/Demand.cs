using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>One requirement on a project and where it came from: a build requirement, a build constraint, or a chosen package's Requires-Dist.</summary>
/// <param name="Parent">The chosen package whose metadata holds the requirement; null for roots and constraints.</param>
internal sealed record Demand(Requirement Requirement, ResolverPick? Parent, bool IsConstraint)
{
    /// <summary>The requirement without its marker, e.g. <c>foo[x]&gt;=3</c>.</summary>
    public string Text => Render(Requirement);

    /// <summary>Where it came from, e.g. <c>required by bar 1.0 &lt;- build requirement bar</c>.</summary>
    public string Origin =>
        IsConstraint ? "build constraint" : Parent is null ? "build requirement" : $"required by {Parent.Chain}";

    /// <summary>The chain for a package chosen to satisfy this demand, read from that package back to a root.</summary>
    public string ChainThrough(string label) =>
        Parent is null ? $"{label} <- build requirement {Text}" : $"{label} <- {Parent.Chain}";

    public static string Render(Requirement requirement)
    {
        var extras = requirement.Extras.Count == 0 ? "" : $"[{string.Join(',', requirement.Extras)}]";
        return requirement.UrlText is null
            ? $"{requirement.NameText}{extras}{requirement.Specifier}"
            : $"{requirement.NameText}{extras} @ {requirement.UrlText}";
    }
}
