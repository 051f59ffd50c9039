using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Index;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Support;

/// <summary>
/// An in-process simple repository on 127.0.0.1 serving a folder of wheels and sdists: <c>/simple/</c>,
/// <c>/simple/{project}/</c> (PEP 503 HTML or PEP 691 JSON), <c>/files/{filename}</c>, with faults to order.
/// <c>/moved/...</c> redirects (302) to <c>/...</c>, to test clients that follow redirects.
/// </summary>
internal sealed partial class TestIndexServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<TestIndexRequest> _requests = new();
    private readonly ConcurrentQueue<Exception> _unexpectedErrors = new();
    private readonly ConcurrentDictionary<Task, byte> _handlers = new();
    private readonly ConcurrentDictionary<string, (long Length, DateTime Modified, string Sha256)> _hashes = new();
    private readonly ConcurrentDictionary<string, (long Length, DateTime Modified, byte[] Metadata)> _metadata = new();
    private readonly TaskCompletionSource _slowBodiesReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _acceptLoop;
    private TaskCompletionSource _nextRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopped;

    private TestIndexServer(HttpListener listener, int port, string distributionsFolder)
    {
        _listener = listener;
        DistributionsFolder = distributionsFolder;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts serving <paramref name="distributionsFolder"/>; files added later are served too.</summary>
    public static TestIndexServer Start(string distributionsFolder)
    {
        // Another process can take the port between the probe and HttpListener.Start, so try a few.
        for (var attempt = 0; ; attempt++)
        {
            var port = FindFreePort();
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new TestIndexServer(listener, port, distributionsFolder);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }

    public string DistributionsFolder { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary><c>{BaseUrl}simple/</c>.</summary>
    public Uri IndexUrl => new(BaseUrl, "simple/");

    /// <summary>Which page format to serve; <see cref="TestIndexFormat.Negotiate"/> follows the Accept header.</summary>
    public TestIndexFormat Format { get; set; } = TestIndexFormat.Negotiate;

    /// <summary>Advertise each file's sha256 (URL fragment in HTML, <c>hashes</c> in JSON).</summary>
    public bool IncludeHashes { get; set; } = true;

    /// <summary>
    /// PEP 658/714: advertise each wheel's METADATA file (<c>data-core-metadata</c> and <c>data-dist-info-metadata</c>
    /// in HTML, <c>core-metadata</c> in JSON) and serve it at <c>/files/{wheel}.metadata</c>. A <see cref="TestIndexFault"/>
    /// keyed by <c>{wheel}.metadata</c> applies to that file; <see cref="TestIndexFault.WrongIndexHash"/> advertises a wrong hash for it.
    /// </summary>
    public bool ServeCoreMetadata { get; set; }

    /// <summary>Advertise each file's size in JSON pages (PEP 700).</summary>
    public bool IncludeSizes { get; set; } = true;

    /// <summary>Filename to yank reason (PEP 592); an empty reason yanks without one.</summary>
    public ConcurrentDictionary<string, string> Yanked { get; } = new();

    /// <summary>Filename to its <c>Requires-Python</c> specifier, e.g. <c>&gt;=3.8</c>.</summary>
    public ConcurrentDictionary<string, string> RequiresPython { get; } = new();

    /// <summary>File name to its PEP 700 <c>upload-time</c>, given on JSON pages only (HTML has no place for it).</summary>
    public ConcurrentDictionary<string, DateTimeOffset> UploadTimes { get; } = new();

    /// <summary>Filename to the way its download misbehaves (or its advertised hash lies).</summary>
    public ConcurrentDictionary<string, TestIndexFault> Fault { get; } = new();

    /// <summary>Normalised project name to the way its <c>/simple/{project}/</c> page misbehaves.</summary>
    public ConcurrentDictionary<string, TestIndexFault> ProjectFault { get; } = new();

    /// <summary>
    /// Filename or normalised project name to faults served one per request, in order, before
    /// <see cref="Fault"/> / <see cref="ProjectFault"/> take over: e.g. two <see cref="TestIndexFault.Unavailable"/>, then the file.
    /// </summary>
    public ConcurrentDictionary<string, ConcurrentQueue<TestIndexFault>> FaultsInTurn { get; } = new();

    /// <summary>The <c>Retry-After</c> seconds a <see cref="TestIndexFault.TooManyRequests"/> answer asks for.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>When set, every request without this Basic user and password gets 401.</summary>
    public (string User, string Password)? RequiredCredentials { get; set; }

    public IReadOnlyList<TestIndexRequest> Requests => _requests.ToArray();

    private int _notModified;

    /// <summary>Percent-decoded paths of every request so far, in arrival order.</summary>
    public IReadOnlyList<string> RequestedPaths => _requests.Select(request => request.Path).ToArray();

    /// <summary>Exceptions the server did not expect while handling requests; a test can assert there were none.</summary>
    public IReadOnlyList<Exception> UnexpectedErrors => _unexpectedErrors.ToArray();

    /// <summary>Queues <paramref name="faults"/> for the next requests of <paramref name="key"/> (a filename or a normalised project name).</summary>
    public void FaultInTurn(string key, params TestIndexFault[] faults)
    {
        var queue = FaultsInTurn.GetOrAdd(key, _ => new ConcurrentQueue<TestIndexFault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    public int CountRequests(string pathSuffix) =>
        _requests.Count(request => request.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    /// <summary>Completes once <paramref name="count"/> requests ending with <paramref name="pathSuffix"/> have arrived.</summary>
    public async Task WaitForRequestsAsync(string pathSuffix, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _nextRequest).Task;
            if (CountRequests(pathSuffix) >= count)
            {
                return;
            }
            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The count of requests ending with <paramref name="pathSuffix"/> once <paramref name="expected"/> have arrived or
    /// ten seconds have passed: a client attempt can time out before a starved server has logged its request, and the
    /// log catches up.
    /// </summary>
    public async Task<int> CountRequestsSettledAsync(string pathSuffix, int expected)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await WaitForRequestsAsync(pathSuffix, expected, grace.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        return CountRequests(pathSuffix);
    }

    /// <summary><see cref="IndexUrl"/> with credentials in it, e.g. <c>http://user:pass@127.0.0.1:1234/simple/</c>.</summary>
    public Uri IndexUrlWithCredentials(string user, string password) =>
        new UriBuilder(IndexUrl) { UserName = Uri.EscapeDataString(user), Password = Uri.EscapeDataString(password) }.Uri;

    /// <summary>The <c>/files/</c> URL of a served file.</summary>
    public Uri FileUrl(string filename) => new(BaseUrl, "files/" + Uri.EscapeDataString(filename));

    /// <summary>Project pages carry an ETag and <c>max-age=</c><see cref="PageMaxAgeSeconds"/>, and a matching <c>If-None-Match</c> gets 304 Not Modified.</summary>
    public bool SendValidators { get; set; }

    /// <summary>With <see cref="SendValidators"/>: how long a project page is fresh (0: revalidate at every use).</summary>
    public int PageMaxAgeSeconds { get; set; }

    /// <summary>How many project pages were answered 304 Not Modified.</summary>
    public int NotModifiedCount => Volatile.Read(ref _notModified);

    /// <summary>Lets every <see cref="TestIndexFault.SlowBody"/> response, past and future, send its second half.</summary>
    public void ReleaseSlowBodies() => _slowBodiesReleased.TrySetResult();

    /// <summary>Stops accepting connections and aborts responses in flight; later requests are refused.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await _acceptLoop;
            return;
        }
        await _stopping.CancelAsync();
        _listener.Close();
        await _acceptLoop;
        await Task.WhenAll(_handlers.Keys);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    /// <summary>The files being served now, with project names normalised (PEP 503).</summary>
    public async Task<IReadOnlyList<TestIndexEntry>> GetEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = new List<TestIndexEntry>();
        if (!Directory.Exists(DistributionsFolder))
        {
            return entries;
        }
        foreach (var file in new DirectoryInfo(DistributionsFolder).EnumerateFiles().OrderBy(file => file.Name, StringComparer.Ordinal))
        {
            if (!DistributionExtensions.IsDistribution(file.Name)
                || TestIndexEntry.SplitFilename(file.Name) is not { } split
                || !PackageName.TryParse(split.Name, out var project))
            {
                continue;
            }
            var sha256 = await GetSha256Async(file, cancellationToken);
            entries.Add(new TestIndexEntry(file.Name, project.Normalized, split.Version, file.FullName, file.Length, sha256));
        }
        return entries;
    }

    private async Task<string> GetSha256Async(FileInfo file, CancellationToken cancellationToken)
    {
        if (_hashes.TryGetValue(file.FullName, out var cached) && cached.Length == file.Length && cached.Modified == file.LastWriteTimeUtc)
        {
            return cached.Sha256;
        }
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        _hashes[file.FullName] = (file.Length, file.LastWriteTimeUtc, sha256);
        return sha256;
    }

    /// <summary>The bytes of a served wheel's <c>.dist-info/METADATA</c> (PEP 658 serves exactly these), or null when it has none.</summary>
    public byte[]? GetCoreMetadata(string wheelFilename)
    {
        var file = new FileInfo(Path.Combine(DistributionsFolder, wheelFilename));
        if (!wheelFilename.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) || !file.Exists)
        {
            return null;
        }
        if (_metadata.TryGetValue(file.FullName, out var cached) && cached.Length == file.Length && cached.Modified == file.LastWriteTimeUtc)
        {
            return cached.Metadata;
        }
        byte[]? metadata = null;
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(file.FullName);
            var entry = zip.Entries.FirstOrDefault(entry =>
                entry.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal) && entry.FullName.Count(c => c == '/') == 1);
            if (entry is not null)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                metadata = buffer.ToArray();
            }
        }
        catch (InvalidDataException)
        {
            // Not a zip (a test serving a broken wheel on purpose): it has no metadata to offer.
        }
        if (metadata is not null)
        {
            _metadata[file.FullName] = (file.Length, file.LastWriteTimeUtc, metadata);
        }
        return metadata;
    }

    private static int FindFreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            // Each request on its own task, so many downloads proceed at once.
            var handler = Task.Run(() => HandleAsync(context));
            _handlers.TryAdd(handler, 0);
            _ = handler.ContinueWith(done => _handlers.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
            _requests.Enqueue(new TestIndexRequest(path, context.Request.Headers["Accept"], context.Request.Headers["Authorization"]));
            // Logged first, then signalled, so a waiter that counted too early always sees this signal.
            Interlocked.Exchange(ref _nextRequest, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            await RouteAsync(context, path, _stopping.Token);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away or the server is stopping.
            Abort(response);
        }
        catch (Exception exception)
        {
            _unexpectedErrors.Enqueue(exception);
            Abort(response);
        }
    }

    private static void Abort(HttpListenerResponse response)
    {
        try
        {
            response.Abort();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task WriteTextAsync(HttpListenerResponse response, int status, string contentType, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes, cancellationToken);
        response.Close();
    }
}
