using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Dataflow.Installer.Index;

namespace Dataflow.Installer.Download;

/// <summary>Fetches archives to disk, streaming and hashing as the bytes arrive; local files are hashed in place.</summary>
internal sealed class Downloader(HttpClient httpClient)
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Gets <paramref name="url"/> into <paramref name="scratchDirectory"/> (or reads it in place when local) and verifies it.</summary>
    public async Task<DownloadedArchive> DownloadAsync(Uri url, string filename, ExpectedHashes expected, string scratchDirectory, CancellationToken cancellationToken)
    {
        if (url.IsFile)
        {
            return await HashLocalAsync(url.LocalPath, expected, cancellationToken).ConfigureAwait(false);
        }

        var target = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N")[..12] + "-" + filename);
        try
        {
            using var request = UrlCredentials.CreateGetRequest(url);
            // Archives are binary: a server's transfer compression would only change the bytes we hash.
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));

            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException($"{Redact(url)} answered {(int)response.StatusCode} {ReasonOf(response.StatusCode)}");
            }

            var declaredLength = response.Content.Headers.ContentLength;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var (digests, size) = await CopyAndHashAsync(body, target, expected, cancellationToken).ConfigureAwait(false);
            if (declaredLength is { } length && length != size)
            {
                throw new DownloadException($"{Redact(url)} ended after {size} of {length} bytes");
            }
            Verify(url, expected, digests);
            return new DownloadedArchive(target, digests["sha256"], size, IsScratch: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; inside a Dataflow block that would drop the item silently.
            TryDelete(target);
            throw new DownloadException($"{Redact(url)} timed out");
        }
        catch (HttpRequestException exception)
        {
            TryDelete(target);
            throw new DownloadException($"{Redact(url)} could not be fetched: {exception.Message}", exception);
        }
        catch (IOException exception) when (exception is not FileNotFoundException)
        {
            TryDelete(target);
            throw new DownloadException($"{Redact(url)} could not be fetched: {exception.Message}", exception);
        }
        catch
        {
            TryDelete(target);
            throw;
        }
    }

    private static async Task<DownloadedArchive> HashLocalAsync(string path, ExpectedHashes expected, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new DownloadException($"{path} does not exist");
        }
        using var hasher = new StreamingHasher(expected.Algorithms);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var digests = hasher.Finish();
        Verify(new Uri(path), expected, digests);
        return new DownloadedArchive(path, digests["sha256"], size, IsScratch: false);
    }

    private static async Task<(IReadOnlyDictionary<string, string> Digests, long Size)> CopyAndHashAsync(
        Stream body, string target, ExpectedHashes expected, CancellationToken cancellationToken)
    {
        using var hasher = new StreamingHasher(expected.Algorithms);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (hasher.Finish(), size);
    }

    private static void Verify(Uri url, ExpectedHashes expected, IReadOnlyDictionary<string, string> digests)
    {
        var problem = expected.Check(digests);
        if (problem is not null)
        {
            throw new DownloadException($"hash mismatch for {Redact(url)}: {problem}");
        }
    }

    private static string ReasonOf(HttpStatusCode code) => code switch
    {
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.Unauthorized => "Unauthorized",
        _ => code.ToString(),
    };

    internal static string Redact(Uri url) => url.IsFile ? url.LocalPath : UrlRedactor.Redact(url);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The run's scratch folder is removed as a whole at the end anyway.
        }
    }
}
