namespace Dataflow.Installer.Configuration;

/// <summary>A verb (<c>sync</c>, <c>batch</c>...) and the long and short options its class declares, inherited ones included.</summary>
internal sealed record VerbDescriptor(string Name, IReadOnlyList<OptionDescriptor> Options)
{
    public OptionDescriptor? Find(string longName) =>
        Options.FirstOrDefault(option => string.Equals(option.LongName, longName, StringComparison.Ordinal));

    public OptionDescriptor? FindShort(char shortName) =>
        Options.FirstOrDefault(option => option.ShortName == shortName);
}
