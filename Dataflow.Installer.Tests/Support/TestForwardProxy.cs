using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dataflow.Installer.Tests.Support;

/// <summary>
/// A plain-HTTP forward proxy on 127.0.0.1 for the proxy tests: it takes absolute-form requests
/// (<c>GET http://host/path HTTP/1.1</c>), forwards those for a host it knows to that host's real address, one
/// request per connection, and logs each. With credentials set it answers 407 until the client sends them.
/// </summary>
internal sealed class TestForwardProxy : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, Uri> _hosts;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly LoopbackTcpServer _listener;

    /// <param name="hosts">Host name as the client asks for it, to the base URL the proxy really sends the request to.</param>
    public TestForwardProxy(IReadOnlyDictionary<string, Uri> hosts, (string User, string Password)? credentials = null)
    {
        _hosts = hosts;
        Credentials = credentials;
        _listener = new LoopbackTcpServer(ServeAsync);
    }

    public (string User, string Password)? Credentials { get; }

    /// <summary><c>http://127.0.0.1:{port}</c>, with the credentials in it when there are some: what goes into <c>HTTP_PROXY</c>.</summary>
    public string Url => Credentials is { } credentials
        ? $"http://{Uri.EscapeDataString(credentials.User)}:{Uri.EscapeDataString(credentials.Password)}@127.0.0.1:{Port}"
        : $"http://127.0.0.1:{Port}";

    public int Port => _listener.Port;

    /// <summary>"METHOD absolute-URI STATUS" per request, in arrival order; STATUS is 407 when credentials were missing.</summary>
    public IReadOnlyList<string> Log => _log.ToArray();

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream, stopping);
                if (head is null)
                {
                    return;
                }
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                var target = new Uri(requestLine[1]);
                var headers = lines.Skip(1).Where(line => line.Length > 0).ToList();
                if (Credentials is { } credentials && !headers.Any(line => line.Equals(
                        "Proxy-Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")),
                        StringComparison.OrdinalIgnoreCase)))
                {
                    _log.Enqueue($"{requestLine[0]} {target} 407");
                    await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"dfi-test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }
                if (!_hosts.TryGetValue(target.Host, out var real))
                {
                    _log.Enqueue($"{requestLine[0]} {target} 502");
                    await WriteAsync(stream, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }
                _log.Enqueue($"{requestLine[0]} {target} forwarded");
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(real.Host, real.Port, stopping);
                var upstreamStream = upstream.GetStream();
                // Origin-form to the server, one request per connection, without the proxy's own headers.
                var forwarded = new StringBuilder($"{requestLine[0]} {target.PathAndQuery} HTTP/1.1\r\n");
                foreach (var header in headers.Where(line => !line.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
                    && !line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase) && !line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)))
                {
                    forwarded.Append(header).Append("\r\n");
                }
                forwarded.Append($"Host: {real.Authority}\r\nConnection: close\r\n\r\n");
                await WriteAsync(upstreamStream, forwarded.ToString());
                await upstreamStream.CopyToAsync(stream, stopping);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or UriFormatException)
            {
                // A client that went away, or the proxy stopping: the connection just ends.
            }
        }
    }

    private static async Task WriteAsync(Stream stream, string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>The request line and headers, up to the blank line; GETs carry no body.</summary>
    private static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }
            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
            {
                return Encoding.ASCII.GetString(bytes.ToArray(), 0, bytes.Count - 4);
            }
        }
        return null;
    }
}
