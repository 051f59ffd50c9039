namespace Dataflow.Installer.Download;

/// <summary>A request about to be retried: its redacted URL, why, which retry this is and after what delay.</summary>
internal sealed record NetworkRetry(string Url, string Reason, int Retry, int Retries, TimeSpan Delay);
