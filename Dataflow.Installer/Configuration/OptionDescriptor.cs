namespace Dataflow.Installer.Configuration;

/// <summary>One <c>[Option]</c> of a verb's options class: its names, how it takes values and the type of a value.</summary>
internal sealed record OptionDescriptor(string LongName, char? ShortName, OptionKind Kind, Type ValueType)
{
    /// <summary>The environment variable that configures it: <c>--index-url</c> is <c>DFI_INDEX_URL</c>.</summary>
    public string VariableName => EnvironmentConfiguration.Prefix + LongName.ToUpperInvariant().Replace('-', '_');

    /// <summary>True when the option's value must be written right after it (everything but switches and counters).</summary>
    public bool TakesValue => Kind is OptionKind.Scalar or OptionKind.Sequence;
}
