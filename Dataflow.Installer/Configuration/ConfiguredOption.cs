using System.Globalization;

namespace Dataflow.Installer.Configuration;

/// <summary>
/// One option's value from one source, already written as the command-line arguments that say it
/// (<c>--index-url=URL</c>; nothing for a switch that is off), with where it came from for messages.
/// </summary>
internal sealed record ConfiguredOption(OptionDescriptor Option, IReadOnlyList<string> Arguments, string Origin)
{
    public static ConfiguredOption Switch(OptionDescriptor option, bool on, string origin) =>
        new(option, on ? [$"--{option.LongName}"] : [], origin);

    public static ConfiguredOption Counter(OptionDescriptor option, int count, string origin) =>
        new(option, Enumerable.Repeat($"--{option.LongName}", count).ToList(), origin);

    /// <summary>
    /// <c>--name=value</c> for each value: the joined form keeps a value that starts with a dash from being read as
    /// an option, and repeating the option (the parser allows multiple instances) keeps a sequence's items apart.
    /// </summary>
    public static ConfiguredOption Values(OptionDescriptor option, IReadOnlyList<string> values, string origin) =>
        new(option, values.Select(value => $"--{option.LongName}={value}").ToList(), origin);

    /// <summary>A number as the parser reads it, whatever the culture.</summary>
    public static string Invariant(IFormattable number) => number.ToString(null, CultureInfo.InvariantCulture);
}
