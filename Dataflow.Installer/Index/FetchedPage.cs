namespace Dataflow.Installer.Index;

/// <summary>An index or find-links page as served: its final URL (after redirects), its media type and its text.</summary>
internal sealed record FetchedPage(Uri Url, string? MediaType, string Body);
