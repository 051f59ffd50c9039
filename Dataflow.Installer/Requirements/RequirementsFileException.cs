namespace Dataflow.Installer.Requirements;

/// <summary>A requirements file that cannot be read or understood; the message starts with <c>file:line:</c>.</summary>
internal sealed class RequirementsFileException : Exception
{
    public RequirementsFileException(SourceLocation location, string problem, Exception? innerException = null)
        : base($"{location}: {problem}", innerException)
    {
        Location = location;
        Problem = problem;
    }

    public SourceLocation Location { get; }

    /// <summary>The message without its location prefix.</summary>
    public string Problem { get; }
}
