using System.Numerics;

namespace Dataflow.Installer.Standards;

/// <summary>A PEP 440 pre-release segment: a normalised label (<c>a</c>, <c>b</c> or <c>rc</c>) and its number.</summary>
public readonly record struct PreRelease(string Label, BigInteger Number) : IComparable<PreRelease>
{
    /// <summary>Orders alpha before beta before release candidate, then by number.</summary>
    public int CompareTo(PreRelease other)
    {
        var byLabel = Rank(Label).CompareTo(Rank(other.Label));
        return byLabel != 0 ? byLabel : Number.CompareTo(other.Number);
    }

    public override string ToString() => $"{Label}{Number}";

    private static int Rank(string label) => label switch
    {
        "a" => 0,
        "b" => 1,
        _ => 2,
    };
}
