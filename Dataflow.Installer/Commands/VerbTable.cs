namespace Dataflow.Installer.Commands;

/// <summary>
/// Each verb's name and options class. A command line that starts with a verb is parsed against that class alone:
/// CommandLineParser otherwise reads every verb's attributes by reflection, a fifth of a no-op sync's time natively.
/// </summary>
internal static class VerbTable
{
    /// <summary>Every verb, in the order <c>dfi --help</c> lists them.</summary>
    public static IReadOnlyList<(string Name, Type Options)> Verbs { get; } =
    [
        ("sync", typeof(SyncOptions)),
        ("batch", typeof(BatchOptions)),
        ("venv", typeof(VenvOptions)),
        ("warm", typeof(WarmOptions)),
        ("cache", typeof(CacheOptions)),
        ("list", typeof(ListOptions)),
        ("freeze", typeof(FreezeOptions)),
        ("check", typeof(CheckOptions)),
        ("show", typeof(ShowOptions)),
        ("repair", typeof(RepairOptions)),
    ];

    private static readonly Type[] All = [.. Verbs.Select(verb => verb.Options)];

    /// <summary>The options classes CommandLineParser needs for <paramref name="arguments"/>.</summary>
    public static Type[] For(IReadOnlyList<string> arguments)
    {
        if (arguments.Count > 0)
        {
            foreach (var (name, options) in Verbs)
            {
                if (string.Equals(name, arguments[0], StringComparison.Ordinal))
                {
                    return [options];
                }
            }
        }
        return All;
    }
}
