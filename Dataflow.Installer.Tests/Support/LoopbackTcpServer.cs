using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Dataflow.Installer.Tests.Support;

/// <summary>
/// A TCP listener on 127.0.0.1 that hands every connection to a handler, and on dispose stops accepting, cancels the
/// handlers' token and waits for them all: the shared part of the tests' proxy and TLS relay.
/// </summary>
internal sealed class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<TcpClient, CancellationToken, Task> _serve;
    private readonly Task _acceptLoop;

    /// <param name="serve">Handles one connection; owns the client; its token is cancelled on dispose.</param>
    public LoopbackTcpServer(Func<TcpClient, CancellationToken, Task> serve)
    {
        _serve = serve;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections.Keys);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var connection = _serve(client, _stopping.Token);
            _connections[connection] = 0;
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
        }
    }
}
