namespace Dataflow.Installer.Requirements;

/// <summary>
/// A git requirement URL as pip reads it: <c>git+SCHEME://host/path[@revision][#egg=name&amp;subdirectory=dir]</c>, the
/// revision after the last <c>@</c> of the path (a user name in the host part is not one).
/// </summary>
/// <param name="RepositoryUrl">What <c>git clone</c> gets: the URL without <c>git+</c>, revision and fragment.</param>
/// <param name="Revision">A branch, tag or commit; null for the repository's default branch.</param>
/// <param name="Subdirectory">The project's folder inside the repository, if it is not at the top.</param>
/// <param name="EggName">The project a legacy <c>#egg=</c> fragment names.</param>
internal sealed record VcsReference(string RepositoryUrl, string? Revision, string? Subdirectory, string? EggName)
{
    private static readonly string[] GitTransports = ["http", "https", "ssh", "git", "file"];
    private static readonly string[] OtherSystems = ["hg", "svn", "bzr"];

    /// <summary>True when <paramref name="text"/> starts like a version control URL (<c>git+</c>, <c>hg+</c>, <c>svn+</c>, <c>bzr+</c>).</summary>
    public static bool Looks(string text)
    {
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return plus > 0 && (colon < 0 || plus < colon) && text[..plus].ToLowerInvariant() is "git" or "hg" or "svn" or "bzr";
    }

    /// <exception cref="FormatException">Not a git URL dfi can clone.</exception>
    public static VcsReference Parse(string text)
    {
        var shown = Redacted(text);
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var system = plus > 0 ? text[..plus].ToLowerInvariant() : "";
        if (OtherSystems.Contains(system))
        {
            throw new FormatException($"'{shown}': only git repositories are supported among version control requirements, not {system}");
        }
        var rest = text[(plus + 1)..];
        var schemeEnd = rest.IndexOf("://", StringComparison.Ordinal);
        if (system != "git" || schemeEnd <= 0 || !GitTransports.Contains(rest[..schemeEnd].ToLowerInvariant()))
        {
            throw new FormatException($"'{shown}' is not a git URL dfi can clone: write git+https://, git+ssh://, git+http://, git+git:// or git+file://");
        }
        // git takes the transport in lower case only.
        rest = rest[..schemeEnd].ToLowerInvariant() + rest[schemeEnd..];

        string? eggName = null, subdirectory = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            foreach (var part in rest[(hash + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.StartsWith("egg=", StringComparison.Ordinal))
                {
                    eggName = Uri.UnescapeDataString(part[4..]);
                }
                else if (part.StartsWith("subdirectory=", StringComparison.Ordinal))
                {
                    subdirectory = Uri.UnescapeDataString(part["subdirectory=".Length..]).TrimEnd('/');
                }
            }
            rest = rest[..hash];
        }
        // As pip's urlsplit: a query belongs to the repository's URL, and the revision is cut from the path alone.
        var question = rest.IndexOf('?', schemeEnd + 3);
        var query = question < 0 ? "" : rest[question..];
        rest = question < 0 ? rest : rest[..question];

        var pathStart = rest.IndexOf('/', schemeEnd + 3);
        string? revision = null;
        if (pathStart >= 0)
        {
            var at = rest.LastIndexOf('@');
            if (at > pathStart)
            {
                revision = Uri.UnescapeDataString(rest[(at + 1)..]);
                rest = rest[..at];
            }
        }
        if (revision is { Length: 0 })
        {
            throw new FormatException($"'{shown}' has an empty revision after '@'");
        }
        // A revision is handed to git as an argument: one that looks like an option would be taken for one.
        if (revision is { } named && (named.StartsWith('-') || named.Any(char.IsWhiteSpace)))
        {
            throw new FormatException($"'{shown}': '{named}' is not a revision git can name (a branch, tag or commit)");
        }
        if (subdirectory is { } folder && (folder.Length == 0 || folder.StartsWith('/') || folder.Split('/').Any(segment => segment is ".." or "")))
        {
            throw new FormatException($"'{shown}': subdirectory '{folder}' must be a relative folder inside the repository");
        }
        var repository = rest + query;
        if (!Uri.TryCreate(repository, UriKind.Absolute, out _))
        {
            throw new FormatException($"'{shown}': '{Redacted(repository)}' is not a URL git can clone (an ssh address is written ssh://user@host/path)");
        }
        return new VcsReference(repository, revision, subdirectory, eggName);
    }

    /// <summary><paramref name="url"/> with any password or token of its host part replaced by <c>****</c>, for messages.</summary>
    public static string Redacted(string url) => WithUserInfo(url, "****@");

    // The user information of the URL's host part replaced, unless it is a password-less "git" user, which is part of
    // an ssh address rather than a secret (as pip keeps it).
    private static string WithUserInfo(string url, string replacement)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return url;
        }
        var hostStart = schemeEnd + 3;
        var hostEnd = url.IndexOfAny(['/', '?', '#'], hostStart);
        var authority = hostEnd < 0 ? url[hostStart..] : url[hostStart..hostEnd];
        var at = authority.LastIndexOf('@');
        return at < 0 || authority[..at] == "git" ? url : url[..hostStart] + replacement + url[(hostStart + at + 1)..];
    }

    /// <summary>True when the revision is a full commit id (SHA-1 or SHA-256), which names the same tree forever.</summary>
    public bool IsCommit => Revision is { Length: 40 or 64 } revision && revision.All(char.IsAsciiHexDigit);

    /// <summary>
    /// The repository URL as PEP 610's <c>direct_url.json</c> records it, as pip records it: without credentials,
    /// except a password-less <c>git@</c> user, which is part of an ssh address rather than a secret.
    /// </summary>
    public string Recorded => WithUserInfo(RepositoryUrl, "");

    /// <summary>The requirement as written back, credentials removed: <c>git+URL[@revision][#subdirectory=dir]</c>.</summary>
    public string Display => "git+" + Recorded + (Revision is null ? "" : "@" + Revision) + (Subdirectory is null ? "" : "#subdirectory=" + Subdirectory);
}
