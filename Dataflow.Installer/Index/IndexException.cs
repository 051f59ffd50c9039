namespace Dataflow.Installer.Index;

/// <summary>An index or find-links location could not be read; the message names it with credentials redacted.</summary>
internal sealed class IndexException : Exception
{
    public IndexException(string message)
        : base(message)
    {
    }

    public IndexException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
