namespace Dataflow.Installer.Configuration;

/// <summary>
/// Other tools' spellings of dfi's options that their users type by habit, read as dfi's own: pip's
/// <c>--no-cache-dir</c> is <c>--no-cache</c>, as uv also takes it; uv's <c>--default-index</c> and <c>--index</c> (its
/// names since 0.4 for pip's <c>--index-url</c> and <c>--extra-index-url</c>) are those, also with uv's
/// <c>NAME=URL</c> value (the name, which only uv's project files refer to, is dropped), and its
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

    // uv's index options whose value may be NAME=URL.
    private static readonly HashSet<string> NamedIndexes = new(StringComparer.Ordinal) { "--default-index", "--index" };

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
                rewritten[index] = equals > 0 && NamedIndexes.Contains(option)
                    ? $"{name}={WithoutIndexName(argument[(equals + 1)..])}"
                    : name + argument[option.Length..];
                if (equals < 0 && NamedIndexes.Contains(option) && index + 1 < arguments.Length)
                {
                    rewritten[index + 1] = WithoutIndexName(arguments[index + 1]);
                }
            }
        }
        return rewritten ?? arguments;
    }

    // "pytorch=https://download.pytorch.org/whl/cpu" is uv's named index: the URL is after the first '=' when what comes
    // before it is a name (letters, digits, '-', '_', '.') and what follows has a scheme. A URL's own '=' (in a query)
    // comes after its scheme, so it never looks like a name.
    private static string WithoutIndexName(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !value.AsSpan(equals + 1).Contains("://", StringComparison.Ordinal))
        {
            return value;
        }
        var name = value.AsSpan(0, equals);
        foreach (var character in name)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.'))
            {
                return value;
            }
        }
        return value[(equals + 1)..];
    }
}
