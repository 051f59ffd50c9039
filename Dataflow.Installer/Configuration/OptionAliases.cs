namespace Dataflow.Installer.Configuration;

/// <summary>
/// Other tools' spellings of dfi's options that their users type by habit, read as dfi's own: pip's
/// <c>--no-cache-dir</c> is <c>--no-cache</c>, as uv also takes it; uv's <c>--default-index</c> and <c>--index</c> (its
/// names since 0.4 for pip's <c>--index-url</c> and <c>--extra-index-url</c>) are those, and its
/// <c>--allow-insecure-host</c> is pip's <c>--trusted-host</c>.
/// </summary>
internal static class OptionAliases
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["--no-cache-dir"] = "--no-cache",
        ["--default-index"] = "--index-url",
        ["--index"] = "--extra-index-url",
        ["--allow-insecure-host"] = "--trusted-host",
    };

    /// <summary>
    /// <paramref name="arguments"/> with each alias replaced, also in its <c>--alias=value</c> form, up to a <c>--</c> (after
    /// which nothing is an option).
    /// </summary>
    public static string[] Rewrite(string[] arguments)
    {
        string[]? rewritten = null;
        for (var index = 0; index < arguments.Length && arguments[index] != "--"; index++)
        {
            var argument = arguments[index];
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var option = equals > 0 ? argument[..equals] : argument;
            if (Aliases.TryGetValue(option, out var name))
            {
                rewritten ??= (string[])arguments.Clone();
                rewritten[index] = name + argument[option.Length..];
            }
        }
        return rewritten ?? arguments;
    }
}
