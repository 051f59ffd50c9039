namespace Dataflow.Installer.Standards;

/// <summary>PEP 508 text (a requirement or a marker) that does not parse; says what was expected and where.</summary>
public sealed class RequirementParseException : FormatException
{
    public RequirementParseException(string problem, string text, int position)
        : base($"{problem} at position {position} in '{text}'.")
    {
        Problem = problem;
        Text = text;
        Position = position;
    }

    /// <summary>What went wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>The whole text being parsed.</summary>
    public string Text { get; }

    /// <summary>The zero-based index into <see cref="Text"/> where parsing stopped.</summary>
    public int Position { get; }
}
