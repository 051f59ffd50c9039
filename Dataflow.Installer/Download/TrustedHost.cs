namespace Dataflow.Installer.Download;

/// <summary>One <c>--trusted-host</c> value: a host, and the one port it names (null: every port, as pip mounts it).</summary>
internal readonly record struct TrustedHost(string Host, int? Port)
{
    // A scheme without a default port, so that "host:443" keeps its port and "host" has none.
    private const string Probe = "dfi-trusted-host://";

    /// <summary>Reads <c>HOST</c>, <c>HOST:PORT</c> or <c>[IPv6]:PORT</c> as pip's <c>--trusted-host</c> takes them.</summary>
    /// <exception cref="FormatException">Anything else: a URL, a path, credentials, a bad port.</exception>
    public static TrustedHost Parse(string value)
    {
        if (value.Length == 0 || value.Contains("://", StringComparison.Ordinal)
            || !Uri.TryCreate(Probe + value + "/", UriKind.Absolute, out var uri)
            || uri.AbsolutePath != "/" || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.IdnHost.Length == 0)
        {
            throw new FormatException($"--trusted-host '{value}' is not a host or host:port");
        }
        return new TrustedHost(NormalizeHost(uri.IdnHost), uri.Port < 0 ? null : uri.Port);
    }

    /// <summary>A host as compared: lower case, an IPv6 literal without its brackets.</summary>
    public static string NormalizeHost(string host) => host.Trim('[', ']').ToLowerInvariant();
}
