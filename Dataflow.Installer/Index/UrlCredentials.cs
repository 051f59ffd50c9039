using System.Net.Http.Headers;
using System.Text;

namespace Dataflow.Installer.Index;

/// <summary>
/// Turns credentials embedded in a URL (<c>https://user:pass@host/</c>), or else the <c>.netrc</c> entry for
/// its host, into a Basic Authorization header.
/// </summary>
internal static class UrlCredentials
{
    /// <summary>
    /// A GET request for <paramref name="url"/> without its user info, authenticated as pip does: by the URL's user and
    /// password, else by <paramref name="netrc"/>'s entry for the host, else by the URL's lone user name (a token).
    /// </summary>
    public static HttpRequestMessage CreateGetRequest(Uri url, NetrcFile? netrc = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, WithoutUserInfo(url));
        var authorization = url.UserInfo.Contains(':')
            ? GetAuthorization(url)
            : GetAuthorization(url, netrc) ?? GetAuthorization(url);
        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }
        return request;
    }

    /// <summary>The Basic header for <paramref name="netrc"/>'s entry for the URL's host, or null when it has none.</summary>
    public static AuthenticationHeaderValue? GetAuthorization(Uri url, NetrcFile? netrc)
    {
        if (netrc is null || !url.IsAbsoluteUri || url.IsFile || netrc.Find(url.Host) is not { } entry)
        {
            return null;
        }
        return Basic(entry.Login, entry.Password);
    }

    /// <summary>The Basic header for the URL's user info, or null when it has none.</summary>
    public static AuthenticationHeaderValue? GetAuthorization(Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0)
        {
            return null;
        }
        var colon = url.UserInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon >= 0 ? url.UserInfo[..colon] : url.UserInfo);
        // A lone token is sent as the user name with an empty password, as pip does.
        var password = colon >= 0 ? Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]) : "";
        return Basic(user, password);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static Uri WithoutUserInfo(Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0)
        {
            return url;
        }
        return new UriBuilder(url) { UserName = "", Password = "" }.Uri;
    }

    /// <summary>
    /// Gives <paramref name="fileUrl"/> the index's credentials when both live on the same origin, so the
    /// downloader can authenticate files linked from a private index (pip remembers credentials per host too).
    /// </summary>
    public static Uri InheritFrom(Uri indexUrl, Uri fileUrl)
    {
        if (indexUrl.UserInfo.Length == 0 || fileUrl.UserInfo.Length != 0
            || !string.Equals(indexUrl.Scheme, fileUrl.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(indexUrl.Host, fileUrl.Host, StringComparison.OrdinalIgnoreCase)
            || indexUrl.Port != fileUrl.Port)
        {
            return fileUrl;
        }
        // Uri.UserInfo is still escaped, so it is copied as is.
        var builder = new UriBuilder(fileUrl);
        var colon = indexUrl.UserInfo.IndexOf(':');
        builder.UserName = colon >= 0 ? indexUrl.UserInfo[..colon] : indexUrl.UserInfo;
        builder.Password = colon >= 0 ? indexUrl.UserInfo[(colon + 1)..] : "";
        return builder.Uri;
    }
}
