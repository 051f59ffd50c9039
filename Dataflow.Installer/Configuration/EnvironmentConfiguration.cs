using System.Collections;

namespace Dataflow.Installer.Configuration;

/// <summary>
/// Options from <c>DFI_&lt;OPTION&gt;</c> variables: the long name in upper case with dashes as underscores
/// (<c>--index-url</c> is <c>DFI_INDEX_URL</c>). Switches take 1/true/yes/on or 0/false/no/off; a sequence's
/// items are separated by whitespace, as in pip's variables. An empty variable counts as unset.
/// </summary>
internal static class EnvironmentConfiguration
{
    public const string Prefix = "DFI_";

    /// <summary>Names one configuration file, instead of the user's and the project's.</summary>
    public const string ConfigFileVariable = "DFI_CONFIG_FILE";

    /// <summary>When true, no configuration file is read.</summary>
    public const string NoConfigVariable = "DFI_NO_CONFIG";

    // Variables dfi reads for other purposes than options; DFI_TEST_* are the tests' hooks (Install/TestHooks.cs).
    private static readonly HashSet<string> OtherPurposes = [ConfigFileVariable, NoConfigVariable];
    private const string TestHooksPrefix = "DFI_TEST_";

    /// <summary>The process's environment, as a dictionary that tests can replace.</summary>
    public static IReadOnlyDictionary<string, string> CurrentVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }
        return variables;
    }

    /// <summary>The options of <paramref name="verb"/> that variables set; warns about DFI_ variables that match no option of any verb.</summary>
    public static IReadOnlyDictionary<string, ConfiguredOption> Read(
        IReadOnlyDictionary<string, string> variables, VerbDescriptor verb, OptionCatalog catalog, ICollection<string> warnings)
    {
        var options = new Dictionary<string, ConfiguredOption>(StringComparer.Ordinal);
        foreach (var (name, value) in variables.OrderBy(variable => variable.Key, StringComparer.Ordinal))
        {
            if (!LooksLikeOption(name) || OtherPurposes.Contains(name) || name.StartsWith(TestHooksPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var option = verb.Options.FirstOrDefault(candidate => candidate.VariableName == name);
            if (option is null)
            {
                if (!catalog.IsVariableOfAnyVerb(name))
                {
                    warnings.Add($"the environment variable {name} names no dfi option (DFI_ followed by a long option in upper case, e.g. DFI_INDEX_URL); it is ignored.");
                }
                continue;
            }
            if (value.Trim().Length == 0)
            {
                continue;
            }
            options[option.LongName] = Convert(option, name, value);
        }
        return options;
    }

    private static bool LooksLikeOption(string name) =>
        name.Length > Prefix.Length
        && name.StartsWith(Prefix, StringComparison.Ordinal)
        && name.Skip(Prefix.Length).All(character => character is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_');

    private static ConfiguredOption Convert(OptionDescriptor option, string name, string value)
    {
        var origin = $"the environment variable {name}";
        switch (option.Kind)
        {
            case OptionKind.Switch:
                return OptionValues.TryParseBoolean(value, out var on)
                    ? ConfiguredOption.Switch(option, on, origin)
                    : throw new ConfigurationException($"{name}={value}: expected 1, true, yes, on, or 0, false, no, off.");
            case OptionKind.Counter:
                if (int.TryParse(value.Trim(), out var count) && count >= 0)
                {
                    return ConfiguredOption.Counter(option, count, origin);
                }
                return OptionValues.TryParseBoolean(value, out var flag)
                    ? ConfiguredOption.Counter(option, flag ? 1 : 0, origin)
                    : throw new ConfigurationException($"{name}={value}: expected a count (0, 1, 2...).");
            case OptionKind.Sequence:
                return ConfiguredOption.Values(option, value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), origin);
            default:
                var text = value.Trim();
                return OptionValues.Problem(option, text) is { } expected
                    ? throw new ConfigurationException($"{name}={value}: expected {expected}.")
                    : ConfiguredOption.Values(option, [text], origin);
        }
    }
}
