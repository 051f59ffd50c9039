namespace Dataflow.Installer.Index;

/// <summary>Removes passwords and tokens from URLs before they reach a message or a log.</summary>
internal static class UrlRedactor
{
    /// <summary>
    /// <c>https://user:secret@host/</c> becomes <c>https://user:****@host/</c>; a lone token
    /// (<c>https://token@host/</c>, as GitLab and Azure feeds use) becomes <c>****</c> too.
    /// </summary>
    public static string Redact(Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0)
        {
            return url.ToString();
        }
        var colon = url.UserInfo.IndexOf(':');
        var redactedUserInfo = colon >= 0 ? url.UserInfo[..colon] + ":****" : "****";
        // Rebuilt by hand: UriBuilder would percent-encode the asterisks.
        var authority = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";
        if (url.HostNameType == UriHostNameType.IPv6 && !url.Host.StartsWith('['))
        {
            authority = url.IsDefaultPort ? $"[{url.Host}]" : $"[{url.Host}]:{url.Port}";
        }
        return $"{url.Scheme}://{redactedUserInfo}@{authority}{url.PathAndQuery}{url.Fragment}";
    }

    /// <summary>Redacts a location that may be a URL or a local path.</summary>
    public static string Redact(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var url) && !url.IsFile ? Redact(url) : location;
}
