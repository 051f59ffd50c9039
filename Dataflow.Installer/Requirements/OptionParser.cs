namespace Dataflow.Installer.Requirements;

/// <summary>Parses the option words of a requirements line the way optparse does for pip:
/// <c>--name=value</c>, <c>--name value</c>, <c>-xvalue</c>, <c>-x value</c>.</summary>
internal static class OptionParser
{
    private sealed record Definition(RequirementsOption Option, bool TakesValue);

    private static readonly Dictionary<string, Definition> LongOptions = new(StringComparer.Ordinal)
    {
        ["--index-url"] = new(RequirementsOption.IndexUrl, true),
        ["--pypi-url"] = new(RequirementsOption.IndexUrl, true),
        ["--extra-index-url"] = new(RequirementsOption.ExtraIndexUrl, true),
        ["--no-index"] = new(RequirementsOption.NoIndex, false),
        ["--constraint"] = new(RequirementsOption.Constraint, true),
        ["--requirement"] = new(RequirementsOption.Requirement, true),
        ["--editable"] = new(RequirementsOption.Editable, true),
        ["--find-links"] = new(RequirementsOption.FindLinks, true),
        ["--no-binary"] = new(RequirementsOption.NoBinary, true),
        ["--only-binary"] = new(RequirementsOption.OnlyBinary, true),
        ["--prefer-binary"] = new(RequirementsOption.PreferBinary, false),
        ["--require-hashes"] = new(RequirementsOption.RequireHashes, false),
        ["--pre"] = new(RequirementsOption.Pre, false),
        ["--trusted-host"] = new(RequirementsOption.TrustedHost, true),
        ["--use-feature"] = new(RequirementsOption.UseFeature, true),
        ["--hash"] = new(RequirementsOption.Hash, true),
        ["--global-option"] = new(RequirementsOption.GlobalOption, true),
        ["--config-settings"] = new(RequirementsOption.ConfigSettings, true),
    };

    private static readonly Dictionary<char, Definition> ShortOptions = new()
    {
        ['i'] = new(RequirementsOption.IndexUrl, true),
        ['c'] = new(RequirementsOption.Constraint, true),
        ['r'] = new(RequirementsOption.Requirement, true),
        ['e'] = new(RequirementsOption.Editable, true),
        ['f'] = new(RequirementsOption.FindLinks, true),
        ['C'] = new(RequirementsOption.ConfigSettings, true),
    };

    /// <exception cref="FormatException">An unknown option, a missing or unexpected value, or a stray argument;
    /// the message is ready to follow <c>file:line:</c>.</exception>
    public static IReadOnlyList<ParsedOption> Parse(IReadOnlyList<string> words)
    {
        var options = new List<ParsedOption>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
            {
                var equals = word.IndexOf('=');
                var name = equals < 0 ? word : word[..equals];
                if (!LongOptions.TryGetValue(name, out var definition))
                {
                    throw new FormatException($"unknown option '{name}'");
                }
                string? value = null;
                if (definition.TakesValue)
                {
                    value = equals >= 0 ? word[(equals + 1)..] : NextWord(words, ref i, name);
                }
                else if (equals >= 0)
                {
                    throw new FormatException($"option '{name}' does not take a value");
                }
                options.Add(new ParsedOption(definition.Option, name, RequireNonEmpty(value, name)));
            }
            else if (word.StartsWith('-') && word.Length > 1 && word != "--")
            {
                var name = word[..2];
                if (!ShortOptions.TryGetValue(word[1], out var definition))
                {
                    throw new FormatException($"unknown option '{name}'");
                }
                // optparse takes the rest of the word as the value (-iURL), else the next word.
                var value = word.Length > 2 ? word[2..] : NextWord(words, ref i, name);
                options.Add(new ParsedOption(definition.Option, name, RequireNonEmpty(value, name)));
            }
            else
            {
                // pip silently drops such words; they are almost always a mistake, so say so.
                throw new FormatException($"unexpected argument '{word}' after the options");
            }
        }
        return options;
    }

    private static string? RequireNonEmpty(string? value, string name) =>
        value is "" ? throw new FormatException($"option '{name}' requires a value") : value;

    private static string NextWord(IReadOnlyList<string> words, ref int i, string name)
    {
        if (i + 1 >= words.Count)
        {
            throw new FormatException($"option '{name}' requires a value");
        }
        return words[++i];
    }
}
