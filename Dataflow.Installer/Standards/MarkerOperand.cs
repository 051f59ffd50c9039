namespace Dataflow.Installer.Standards;

/// <summary>One side of a marker comparison: a canonical variable name or a quoted string's content.</summary>
internal sealed record MarkerOperand(bool IsVariable, string Value)
{
    public string Resolve(Func<string, string> lookup) => IsVariable ? lookup(Value) : Value;

    // Double quotes as pypa/packaging prints them, unless the value holds one.
    public override string ToString() => IsVariable ? Value : Value.Contains('"') ? $"'{Value}'" : $"\"{Value}\"";
}
