namespace Dataflow.Installer.Configuration;

/// <summary>
/// Other tools' spellings of dfi's options that their users type by habit, read as dfi's own: pip's
/// <c>--no-cache-dir</c> is <c>--no-cache</c>, as uv also takes it.
/// </summary>
internal static class OptionAliases
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["--no-cache-dir"] = "--no-cache",
    };

    /// <summary><paramref name="arguments"/> with each alias replaced, up to a <c>--</c> (after which nothing is an option).</summary>
    public static string[] Rewrite(string[] arguments)
    {
        string[]? rewritten = null;
        for (var index = 0; index < arguments.Length && arguments[index] != "--"; index++)
        {
            if (Aliases.TryGetValue(arguments[index], out var name))
            {
                rewritten ??= (string[])arguments.Clone();
                rewritten[index] = name;
            }
        }
        return rewritten ?? arguments;
    }
}
