namespace Dataflow.Installer.Configuration;

/// <summary>
/// Pairs of options that a run refuses together (Commands/RunContext.cs). When they come from different sources the
/// higher one wins, so that `DFI_CACHE_DIR` in a profile does not break `dfi sync --no-cache`; from one source
/// they are kept and refused, since that source is contradictory.
/// </summary>
internal static class OptionConflicts
{
    public static readonly IReadOnlyList<(string First, string Second)> Pairs =
    [
        ("no-cache", "cache-dir"),
        ("offline", "refresh"),
        ("offline", "refresh-package"),
        ("platform", "python-platform"),
    ];

    /// <summary>The options among <paramref name="levels"/> (long name to precedence level, 0 highest) that lose to a conflicting option set higher.</summary>
    public static IReadOnlySet<string> Losers(IReadOnlyDictionary<string, int> levels)
    {
        var losers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (first, second) in Pairs)
        {
            if (levels.TryGetValue(first, out var firstLevel) && levels.TryGetValue(second, out var secondLevel) && firstLevel != secondLevel)
            {
                losers.Add(firstLevel < secondLevel ? second : first);
            }
        }
        return losers;
    }
}
