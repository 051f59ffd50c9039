namespace Dataflow.Installer.Configuration;

/// <summary>
/// The command line with the configured options written into it, before CommandLineParser reads it. Precedence:
/// command line, then <c>DFI_*</c> variables, then the project's <c>dfi.toml</c>, then the user's, then the
/// option's default. An option the command line gives is never added; every other is added from the first source
/// that sets it, so one place decides precedence and the parser still validates every value.
/// </summary>
internal sealed record ConfiguredCommandLine(IReadOnlyList<string> Arguments, IReadOnlyList<string> Warnings, IReadOnlyList<ConfiguredOption> Applied)
{
    /// <summary>Configures <paramref name="arguments"/> from <paramref name="variables"/> and the files they and <paramref name="currentDirectory"/> lead to.</summary>
    public static ConfiguredCommandLine Build(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> variables, string currentDirectory, OptionCatalog? catalog = null)
    {
        var anyVariable = variables.Keys.Any(name => name.StartsWith(EnvironmentConfiguration.Prefix, StringComparison.Ordinal));
        if (!anyVariable && ConfigFileLocator.Find(variables, currentDirectory).Count == 0)
        {
            // The common case: nothing configures anything, so the option catalog (reflection over every verb's
            // options, a measurable share of a no-op sync's start-up) is not built at all.
            return new ConfiguredCommandLine(arguments, [], []);
        }
        catalog ??= OptionCatalog.Default;
        if (arguments.Count == 0 || catalog.FindVerb(arguments[0]) is not { } verb)
        {
            // No verb (`dfi --help`, `dfi help sync`): nothing to configure.
            return new ConfiguredCommandLine(arguments, [], []);
        }
        var warnings = new List<string>();
        var sources = new List<IReadOnlyDictionary<string, ConfiguredOption>> { EnvironmentConfiguration.Read(variables, verb, catalog, warnings) };
        foreach (var file in ConfigFileLocator.Find(variables, currentDirectory))
        {
            sources.Add(ConfigFileReader.Read(file, verb, catalog, warnings));
        }
        var configured = Apply(arguments, verb, sources);
        return configured with { Warnings = [.. warnings, .. configured.Warnings] };
    }

    /// <summary>Adds to <paramref name="arguments"/> each option of <paramref name="verb"/> it lacks, from the first of <paramref name="sources"/> (highest precedence first) that has it.</summary>
    public static ConfiguredCommandLine Apply(
        IReadOnlyList<string> arguments, VerbDescriptor verb, IReadOnlyList<IReadOnlyDictionary<string, ConfiguredOption>> sources)
    {
        var present = CommandLineScanner.PresentOptions(arguments, verb);
        var chosen = new List<(ConfiguredOption Value, int Level)>();
        foreach (var option in verb.Options)
        {
            if (present.Contains(option.LongName))
            {
                continue;
            }
            for (var index = 0; index < sources.Count; index++)
            {
                if (sources[index].TryGetValue(option.LongName, out var value))
                {
                    chosen.Add((value, index + 1));
                    break;
                }
            }
        }
        // Level 0 is the command line. A switch configured off is no option at all, so it conflicts with nothing.
        var levels = present.ToDictionary(name => name, _ => 0, StringComparer.Ordinal);
        foreach (var (value, level) in chosen.Where(choice => choice.Value.Arguments.Count > 0))
        {
            levels[value.Option.LongName] = level;
        }
        var losers = OptionConflicts.Losers(levels);
        var applied = chosen.Select(choice => choice.Value).Where(value => !losers.Contains(value.Option.LongName)).ToList();
        // Everything after `--` is a value, so the options go before it.
        var end = arguments.ToList().IndexOf("--");
        var insertAt = end < 0 ? arguments.Count : end;
        List<string> result = [.. arguments.Take(insertAt), .. applied.SelectMany(value => value.Arguments), .. arguments.Skip(insertAt)];
        return new ConfiguredCommandLine(result, [], applied);
    }
}
