using Dataflow.Installer.Standards;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Dataflow.Installer.Configuration;

/// <summary>
/// Reads a <c>dfi.toml</c> with Tomlyn's syntax tree (the binary is NativeAOT, and every message can name its
/// line). Keys are long option names, at top level for every verb or in a <c>[sync]</c>, <c>[batch]</c>... table
/// for one verb, which wins. Unknown keys and tables are warnings; a value of the wrong type is an error.
/// </summary>
internal static class ConfigFileReader
{
    public static IReadOnlyDictionary<string, ConfiguredOption> Read(string path, VerbDescriptor verb, OptionCatalog catalog, ICollection<string> warnings)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot be read: {exception.Message}");
        }
        return Parse(text, path, verb, catalog, warnings);
    }

    public static IReadOnlyDictionary<string, ConfiguredOption> Parse(string text, string path, VerbDescriptor verb, OptionCatalog catalog, ICollection<string> warnings)
    {
        var document = SyntaxParser.Parse(text, path, validate: true);
        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(message => message.Kind == DiagnosticMessageKind.Error);
            throw new ConfigurationException($"{path}:{first.Span.Start.Line + 1}: {first.Message}");
        }
        var file = new FileValues(path, verb, catalog, warnings);
        foreach (var item in document.KeyValues)
        {
            // `sync.index-url = "..."` at top level is TOML for the key index-url in the table sync.
            var parts = TomlKeys.Parts(item.Key!);
            if (parts.Count == 2 && catalog.FindVerb(parts[0]) is { } dottedVerb)
            {
                file.AddVerbKey(dottedVerb, parts[1], item);
            }
            else if (parts.Count == 1)
            {
                file.AddTopLevelKey(parts[0], item);
            }
            else
            {
                warnings.Add($"{Where(path, item)}: unknown key '{TomlKeys.Text(item.Key!)}'; it is ignored.");
            }
        }
        foreach (var table in document.Tables)
        {
            var name = TomlKeys.Text(table.Name!);
            var tableVerb = catalog.FindVerb(name);
            if (tableVerb is null)
            {
                warnings.Add($"{Where(path, table)}: unknown table [{name}] (tables are verbs: {string.Join(", ", catalog.Verbs.Select(known => known.Name))}); it is ignored.");
                continue;
            }
            if (table is TableArraySyntax)
            {
                throw new ConfigurationException($"{Where(path, table)}: [[{name}]] must be a single table, [{name}].");
            }
            foreach (var item in table.Items)
            {
                file.AddVerbKey(tableVerb, TomlKeys.Text(item.Key!), item);
            }
        }
        return file.Merged();
    }

    private static string Where(string path, SyntaxNode node) => $"{path}:{node.Span.Start.Line + 1}";

    /// <summary>One file's values for the running verb, top-level and verb-table keys kept apart until merged.</summary>
    private sealed class FileValues(string path, VerbDescriptor verb, OptionCatalog catalog, ICollection<string> warnings)
    {
        private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        private readonly Dictionary<string, ConfiguredOption> _topLevel = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ConfiguredOption> _verbTable = new(StringComparer.Ordinal);

        public void AddTopLevelKey(string key, KeyValueSyntax item)
        {
            if (!catalog.IsOptionOfAnyVerb(key))
            {
                warnings.Add($"{Where(path, item)}: unknown option '{key}'; it is ignored.");
            }
            else if (verb.Find(key) is { } option)
            {
                // Options of other verbs are simply not theirs to apply: a top-level key serves every verb that has it.
                _topLevel[key] = Convert(option, item);
            }
        }

        public void AddVerbKey(VerbDescriptor tableVerb, string key, KeyValueSyntax item)
        {
            if (tableVerb.Find(key) is not { } option)
            {
                warnings.Add($"{Where(path, item)}: '{key}' is not an option of dfi {tableVerb.Name}; it is ignored.");
            }
            else if (tableVerb.Name == verb.Name)
            {
                _verbTable[key] = Convert(option, item);
            }
        }

        public IReadOnlyDictionary<string, ConfiguredOption> Merged()
        {
            var merged = new Dictionary<string, ConfiguredOption>(_topLevel, StringComparer.Ordinal);
            foreach (var (key, value) in _verbTable)
            {
                merged[key] = value;
            }
            return merged;
        }

        private ConfiguredOption Convert(OptionDescriptor option, KeyValueSyntax item)
        {
            var origin = Where(path, item);
            var value = item.Value;
            switch (option.Kind)
            {
                case OptionKind.Switch:
                    return value is BooleanValueSyntax boolean
                        ? ConfiguredOption.Switch(option, boolean.Value, origin)
                        : throw WrongType(option, item, "true or false");
                case OptionKind.Counter:
                    return value switch
                    {
                        IntegerValueSyntax { Value: >= 0 and <= 10 } count => ConfiguredOption.Counter(option, (int)count.Value, origin),
                        BooleanValueSyntax flag => ConfiguredOption.Counter(option, flag.Value ? 1 : 0, origin),
                        _ => throw WrongType(option, item, "a count from 0 to 10, or true or false"),
                    };
                case OptionKind.Sequence:
                    return ConfiguredOption.Values(option, Strings(option, item).Select(text => ConfigPaths.Resolve(option.LongName, text, _folder)).ToList(), origin);
                default:
                    return ConfiguredOption.Values(option, [Scalar(option, item)], origin);
            }
        }

        private string Scalar(OptionDescriptor option, KeyValueSyntax item)
        {
            var type = option.ValueType;
            if (type == typeof(int))
            {
                return item.Value is IntegerValueSyntax { Value: >= int.MinValue and <= int.MaxValue } integer
                    ? ConfiguredOption.Invariant(integer.Value)
                    : throw WrongType(option, item, "a whole number");
            }
            if (type == typeof(double))
            {
                return item.Value switch
                {
                    IntegerValueSyntax integer => ConfiguredOption.Invariant(integer.Value),
                    FloatValueSyntax number => ConfiguredOption.Invariant(number.Value),
                    _ => throw WrongType(option, item, "a number"),
                };
            }
            if (item.Value is not StringValueSyntax text)
            {
                throw WrongType(option, item, "a string");
            }
            var value = text.Value ?? "";
            if (OptionValues.Problem(option, value) is { } expected)
            {
                throw WrongType(option, item, expected);
            }
            return ConfigPaths.Resolve(option.LongName, value, _folder);
        }

        // A single string is accepted where a list is expected: `find-links = "wheels"` reads as naturally as a list of one.
        private IReadOnlyList<string> Strings(OptionDescriptor option, KeyValueSyntax item) => item.Value switch
        {
            StringValueSyntax single => [single.Value ?? ""],
            ArraySyntax array => array.Items
                .Select(element => element.Value is StringValueSyntax text ? text.Value ?? "" : throw WrongType(option, item, "a string or a list of strings"))
                .ToList(),
            _ => throw WrongType(option, item, "a string or a list of strings"),
        };

        private ConfigurationException WrongType(OptionDescriptor option, KeyValueSyntax item, string expected) =>
            new($"{Where(path, item)}: '{option.LongName}' must be {expected}.");
    }
}
