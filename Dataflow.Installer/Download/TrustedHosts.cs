using System.Collections.Concurrent;

namespace Dataflow.Installer.Download;

/// <summary>
/// pip's <c>--trusted-host</c>: servers whose HTTPS certificates are not verified (a private index with a self-signed
/// certificate). Filled from the command line and, as a run plans its environments, from their requirements files, so
/// a batch's files add to it while other environments already fetch.
/// </summary>
internal sealed class TrustedHosts
{
    private readonly ConcurrentDictionary<TrustedHost, byte> _entries = new();

    public bool IsEmpty => _entries.IsEmpty;

    /// <exception cref="FormatException">A value that is not a host or host:port.</exception>
    public void Add(string value) => _entries.TryAdd(TrustedHost.Parse(value), 0);

    /// <summary>Whether requests to <paramref name="uri"/> skip certificate verification: its host on every port, or its host and port.</summary>
    public bool Covers(Uri uri)
    {
        if (_entries.IsEmpty)
        {
            return false;
        }
        var host = TrustedHost.NormalizeHost(uri.IdnHost);
        return _entries.ContainsKey(new TrustedHost(host, null)) || _entries.ContainsKey(new TrustedHost(host, uri.Port));
    }

    /// <summary>Whether any entry names <paramref name="host"/> (a TLS connection knows its host, not which entry sent it there).</summary>
    public bool CoversHost(string host)
    {
        var normalized = TrustedHost.NormalizeHost(host);
        return _entries.Keys.Any(entry => entry.Host == normalized);
    }
}
