namespace Dataflow.Installer.Download;

/// <summary>A complete body did not hash to what was published; the first time it is fetched again, never a third time.</summary>
internal sealed class HashMismatchException(string problem, string actualSha256, bool isFirst) : Exception(problem)
{
    public string ActualSha256 { get; } = actualSha256;

    /// <summary>True for the first mismatch of a download, the only one the retry strategy retries.</summary>
    public bool IsFirst { get; } = isFirst;
}
