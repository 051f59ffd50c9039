using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Support;

/// <summary>The request handling of <see cref="TestIndexServer"/>: routes, pages, files and faults.</summary>
internal sealed partial class TestIndexServer
{
    private async Task RouteAsync(HttpListenerContext context, string path, CancellationToken cancellationToken)
    {
        var response = context.Response;
        if (RequiredCredentials is { } credentials && !IsAuthorized(context.Request, credentials))
        {
            response.AddHeader("WWW-Authenticate", "Basic realm=\"test index\"");
            await WriteTextAsync(response, 401, "text/plain", "Unauthorized", cancellationToken);
            return;
        }
        if (path.StartsWith("/moved/", StringComparison.Ordinal))
        {
            var escapedPath = context.Request.Url!.AbsolutePath;
            Redirect(response, 302, escapedPath["/moved".Length..] + context.Request.Url.Query);
            return;
        }
        if (path == "/simple/")
        {
            await ServeProjectListAsync(context, cancellationToken);
            return;
        }
        if (path.StartsWith("/simple/", StringComparison.Ordinal))
        {
            var name = path["/simple/".Length..];
            if (!name.EndsWith('/'))
            {
                // PEP 503: the trailing slash is canonical; PyPI redirects to it.
                Redirect(response, 301, context.Request.Url!.AbsolutePath + "/");
                return;
            }
            name = name[..^1];
            if (name.Contains('/') || !PackageName.TryParse(name, out var project))
            {
                await WriteTextAsync(response, 404, "text/plain", "Not Found", cancellationToken);
                return;
            }
            if (project.Normalized != name)
            {
                Redirect(response, 301, $"/simple/{project.Normalized}/");
                return;
            }
            await ServeProjectAsync(context, project.Normalized, cancellationToken);
            return;
        }
        if (path.StartsWith("/files/", StringComparison.Ordinal))
        {
            await ServeFileAsync(response, path["/files/".Length..], cancellationToken);
            return;
        }
        await WriteTextAsync(response, 404, "text/plain", "Not Found", cancellationToken);
    }

    private static bool IsAuthorized(HttpListenerRequest request, (string User, string Password) credentials)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}"));
        return request.Headers["Authorization"] == expected;
    }

    private void Redirect(HttpListenerResponse response, int status, string escapedPathAndQuery)
    {
        response.StatusCode = status;
        response.RedirectLocation = new Uri(BaseUrl, escapedPathAndQuery).AbsoluteUri;
        response.ContentLength64 = 0;
        response.Close();
    }

    private string ChooseMediaType(HttpListenerRequest request) => Format switch
    {
        TestIndexFormat.Html => "text/html",
        TestIndexFormat.Json => TestIndexPages.JsonMediaType,
        _ => TestIndexPages.Negotiate(request.Headers["Accept"]),
    };

    private async Task ServeProjectListAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var projects = (await GetEntriesAsync(cancellationToken)).Select(entry => entry.Project).Distinct().ToList();
        var mediaType = ChooseMediaType(context.Request);
        var body = mediaType == TestIndexPages.JsonMediaType
            ? TestIndexPages.ProjectListJson(projects)
            : TestIndexPages.ProjectListHtml(projects);
        await WriteTextAsync(context.Response, 200, mediaType + "; charset=utf-8", body, cancellationToken);
    }

    private async Task ServeProjectAsync(HttpListenerContext context, string project, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var fault = NextFault(project, ProjectFault);
        var entries = (await GetEntriesAsync(cancellationToken)).Where(entry => entry.Project == project).ToList();
        if (fault == TestIndexFault.NotFound || entries.Count == 0)
        {
            await WriteTextAsync(response, 404, "text/plain", "Not Found", cancellationToken);
            return;
        }
        if (await TryWriteErrorAsync(response, fault, cancellationToken))
        {
            return;
        }
        var links = entries.Select(ToLink).ToList();
        var mediaType = ChooseMediaType(context.Request);
        var body = Encoding.UTF8.GetBytes(mediaType == TestIndexPages.JsonMediaType
            ? TestIndexPages.ProjectJson(project, links)
            : TestIndexPages.ProjectHtml(project, links));
        response.ContentType = mediaType + "; charset=utf-8";
        if (SendValidators)
        {
            // A strong validator of the page as served, and PyPI's freshness: a client must ask again, conditionally.
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";
            response.Headers["ETag"] = etag;
            response.Headers["Cache-Control"] = $"max-age={PageMaxAgeSeconds}, must-revalidate";
            if (context.Request.Headers["If-None-Match"] == etag)
            {
                Interlocked.Increment(ref _notModified);
                response.StatusCode = 304;
                response.Close();
                return;
            }
        }
        using var source = new MemoryStream(body);
        await WriteBodyAsync(response, source, body.Length, fault, cancellationToken);
    }

    private TestIndexPages.Link ToLink(TestIndexEntry entry)
    {
        var sha256 = !IncludeHashes ? null
            : Fault.GetValueOrDefault(entry.Filename) == TestIndexFault.WrongIndexHash
                ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("not " + entry.Filename)))
                : entry.Sha256;
        var yanked = Yanked.TryGetValue(entry.Filename, out var reason);
        return new TestIndexPages.Link(
            entry,
            sha256,
            IncludeSizes ? entry.Length : null,
            RequiresPython.GetValueOrDefault(entry.Filename),
            yanked && reason!.Length > 0 ? reason : null,
            yanked,
            CoreMetadataSha256(entry.Filename),
            UploadTimes.TryGetValue(entry.Filename, out var uploaded) ? uploaded : null);
    }

    private string? CoreMetadataSha256(string filename)
    {
        if (!ServeCoreMetadata || GetCoreMetadata(filename) is not { } metadata)
        {
            return null;
        }
        var served = Fault.GetValueOrDefault(filename + MetadataSuffix) == TestIndexFault.WrongIndexHash
            ? Encoding.UTF8.GetBytes("not the metadata of " + filename)
            : metadata;
        return Convert.ToHexStringLower(SHA256.HashData(served));
    }

    private async Task ServeFileAsync(HttpListenerResponse response, string filename, CancellationToken cancellationToken)
    {
        if (filename.EndsWith(MetadataSuffix, StringComparison.Ordinal) && ServeCoreMetadata)
        {
            await ServeCoreMetadataAsync(response, filename, cancellationToken);
            return;
        }
        var fullPath = Path.Combine(DistributionsFolder, filename);
        var fault = NextFault(filename, Fault);
        if (filename.Contains('/') || filename.Contains('\\') || !File.Exists(fullPath) || fault == TestIndexFault.NotFound)
        {
            await WriteTextAsync(response, 404, "text/plain", "Not Found", cancellationToken);
            return;
        }
        if (await TryWriteErrorAsync(response, fault, cancellationToken))
        {
            return;
        }
        await using var source = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        response.ContentType = "application/octet-stream";
        await WriteBodyAsync(response, source, source.Length, fault, cancellationToken);
    }

    private const string MetadataSuffix = ".metadata";

    // PEP 658: /files/{wheel}.metadata holds the wheel's METADATA bytes; wheels without one (and sdists) have none to serve.
    private async Task ServeCoreMetadataAsync(HttpListenerResponse response, string filename, CancellationToken cancellationToken)
    {
        var fault = NextFault(filename, Fault);
        var wheel = filename[..^MetadataSuffix.Length];
        if (wheel.Contains('/') || wheel.Contains('\\') || GetCoreMetadata(wheel) is not { } metadata || fault == TestIndexFault.NotFound)
        {
            await WriteTextAsync(response, 404, "text/plain", "Not Found", cancellationToken);
            return;
        }
        if (await TryWriteErrorAsync(response, fault, cancellationToken))
        {
            return;
        }
        using var source = new MemoryStream(metadata);
        response.ContentType = "application/octet-stream";
        await WriteBodyAsync(response, source, metadata.Length, fault, cancellationToken);
    }

    private TestIndexFault NextFault(string key, ConcurrentDictionary<string, TestIndexFault> lasting) =>
        FaultsInTurn.TryGetValue(key, out var queue) && queue.TryDequeue(out var fault) ? fault : lasting.GetValueOrDefault(key);

    /// <summary>Answers with the fault's error status, if it has one.</summary>
    private async Task<bool> TryWriteErrorAsync(HttpListenerResponse response, TestIndexFault fault, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case TestIndexFault.ServerError:
                await WriteTextAsync(response, 500, "text/plain", "Internal Server Error", cancellationToken);
                return true;
            case TestIndexFault.Unavailable:
                await WriteTextAsync(response, 503, "text/plain", "Service Unavailable", cancellationToken);
                return true;
            case TestIndexFault.TooManyRequests:
                response.AddHeader("Retry-After", RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await WriteTextAsync(response, 429, "text/plain", "Too Many Requests", cancellationToken);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Streams <paramref name="length"/> bytes with the fault applied; the Content-Length is always the true one.</summary>
    private async Task WriteBodyAsync(HttpListenerResponse response, Stream source, long length, TestIndexFault fault, CancellationToken cancellationToken)
    {
        response.StatusCode = 200;
        response.ContentLength64 = length;
        var corrupt = fault == TestIndexFault.CorruptBody;
        var firstPart = fault is TestIndexFault.TruncatedBody or TestIndexFault.SlowBody ? length / 2 : length;
        var output = response.OutputStream;
        await CopyAsync(source, output, firstPart, corrupt, cancellationToken);
        if (fault == TestIndexFault.TruncatedBody)
        {
            await output.FlushAsync(cancellationToken);
            response.Abort();
            return;
        }
        if (fault == TestIndexFault.SlowBody)
        {
            await output.FlushAsync(cancellationToken);
            await _slowBodiesReleased.Task.WaitAsync(cancellationToken);
            await CopyAsync(source, output, length - firstPart, corrupt, cancellationToken);
        }
        response.Close();
    }

    private static async Task CopyAsync(Stream source, Stream output, long count, bool corrupt, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (count > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
                if (read == 0)
                {
                    throw new EndOfStreamException("The served file shrank while it was being sent.");
                }
                if (corrupt)
                {
                    for (var i = 0; i < read; i++)
                    {
                        buffer[i] ^= 0xFF;
                    }
                }
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
