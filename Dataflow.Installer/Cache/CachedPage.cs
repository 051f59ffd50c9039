namespace Dataflow.Installer.Cache;

/// <summary>An index page as stored, with the HTTP validators and freshness it was served with.</summary>
/// <param name="FinalUrl">The page's URL after redirects (credentials removed), against which its links resolve.</param>
/// <param name="MediaType">Its Content-Type's media type.</param>
/// <param name="Body">The page's text.</param>
/// <param name="ETag">The ETag to revalidate with, if any.</param>
/// <param name="LastModified">The Last-Modified value to revalidate with, if any.</param>
/// <param name="StoredAt">When it was fetched or last revalidated.</param>
/// <param name="MaxAge">How long it is fresh after <paramref name="StoredAt"/> (Cache-Control max-age, or Expires); zero means always revalidate.</param>
internal sealed record CachedPage(string FinalUrl, string? MediaType, string Body, string? ETag, string? LastModified, DateTimeOffset StoredAt, TimeSpan MaxAge)
{
    public bool IsFresh(DateTimeOffset now) => now - StoredAt < MaxAge;
}
