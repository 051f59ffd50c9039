namespace Dataflow.Installer.Configuration;

/// <summary>Finds which options a command line already gives, in long (<c>--index-url=URL</c>) or short form (<c>-i URL</c>, <c>-qv</c>).</summary>
internal static class CommandLineScanner
{
    /// <summary>The long names of the options in <paramref name="arguments"/> (the verb first), up to a <c>--</c>.</summary>
    public static IReadOnlySet<string> PresentOptions(IReadOnlyList<string> arguments, VerbDescriptor verb)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 1; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                break;
            }
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = argument.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? argument[2..] : argument[2..equals];
                present.Add(name);
                // A value in the next argument is skipped, so that a value that starts with a dash is not read as an option.
                if (equals < 0 && verb.Find(name) is { TakesValue: true })
                {
                    index++;
                }
                continue;
            }
            if (argument.Length < 2 || argument[0] != '-')
            {
                continue;
            }
            // A cluster of short options: switches (-qv), or one that takes a value, either joined (-iURL) or next (-i URL).
            for (var position = 1; position < argument.Length; position++)
            {
                if (verb.FindShort(argument[position]) is not { } option)
                {
                    continue;
                }
                present.Add(option.LongName);
                if (option.TakesValue)
                {
                    if (position == argument.Length - 1)
                    {
                        index++;
                    }
                    break;
                }
            }
        }
        return present;
    }
}
