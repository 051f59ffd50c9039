using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Dataflow.Installer.Index;
using Dataflow.Installer.Progress;

namespace Dataflow.Installer.Download;

/// <summary>
/// Fetches archives to disk, streaming and hashing as the bytes arrive, retrying transient failures through the
/// client's <see cref="NetworkResilience"/>; local files are hashed in place. Bytes are counted into
/// <paramref name="progress"/> as they reach the disk, when a display wants them.
/// </summary>
internal sealed class Downloader(HttpClient httpClient, IDownloadProgress? progress = null)
{
    private const int BufferSize = 128 * 1024;

    private readonly NetworkResilience _network = NetworkResilience.For(httpClient);

    /// <summary>Gets <paramref name="url"/> into <paramref name="scratchDirectory"/> (or reads it in place when local) and verifies it.</summary>
    public async Task<DownloadedArchive> DownloadAsync(Uri url, string filename, ExpectedHashes expected, string scratchDirectory, CancellationToken cancellationToken)
    {
        if (url.IsFile)
        {
            return await HashLocalAsync(url.LocalPath, expected, cancellationToken).ConfigureAwait(false);
        }

        var shownUrl = Redact(url);
        var hashFailures = 0;
        try
        {
            return await _network.ExecuteAsync(
                shownUrl,
                attempt => AttemptAsync(attempt, url, filename, expected, scratchDirectory, () => ++hashFailures == 1),
                cancellationToken).ConfigureAwait(false);
        }
        catch (NetworkException exception)
        {
            throw new DownloadException($"{shownUrl} {exception.Message}", exception);
        }
        catch (HashMismatchException exception)
        {
            throw new DownloadException(TamperingMessage(filename, shownUrl, expected, exception, hashFailures), exception);
        }
        catch (HttpRequestException exception)
        {
            throw new DownloadException($"{shownUrl} could not be fetched: {exception.Message}", exception);
        }
        catch (IOException exception)
        {
            // Reads from the network are retried inside the attempt; what remains is the local disk (full, read-only).
            throw new DownloadException($"{filename} from {shownUrl} could not be written to {scratchDirectory}: {exception.Message}", exception);
        }
    }

    private async Task<DownloadedArchive> AttemptAsync(
        NetworkAttempt attempt, Uri url, string filename, ExpectedHashes expected, string scratchDirectory, Func<bool> isFirstHashFailure)
    {
        var target = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N")[..12] + "-" + filename);
        CountingWriteStream? counted = null;
        try
        {
            using var request = _network.CreateGetRequest(url);
            // Archives are binary: a server's transfer compression would only change the bytes we hash.
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            using var response = await attempt.SendAsync(httpClient, request).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // 404, 403, 401 and the like say the same thing every time: not retried.
                throw new DownloadException($"{Redact(url)} answered {(int)response.StatusCode} {ReasonOf(response.StatusCode)}");
            }

            progress?.Started(url, response.Content.Headers.ContentLength);
            using var hasher = new StreamingHasher(expected.Algorithms);
            long size;
            await using (var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                counted = progress is null ? null : new CountingWriteStream(file, bytes => progress.Received(url, bytes));
                size = await attempt.CopyBodyAsync(response, counted ?? (Stream)file, hasher).ConfigureAwait(false);
            }
            var digests = hasher.Finish();
            if (expected.Check(digests) is { } problem)
            {
                throw new HashMismatchException(problem, digests["sha256"], isFirstHashFailure());
            }
            return new DownloadedArchive(target, digests["sha256"], size, IsScratch: true);
        }
        catch
        {
            // A retry starts from nothing: the bytes shown as downloaded go back with the file.
            progress?.Received(url, -(counted?.Count ?? 0));
            TryDelete(target);
            throw;
        }
    }

    // Named as pip's hash-checking mode would name it: the file, where it came from, what was expected and what came.
    private static string TamperingMessage(string filename, string shownUrl, ExpectedHashes expected, HashMismatchException mismatch, int fetches)
    {
        var expectedSha256 = expected.KnownSha256
            ?? string.Join(" or ", expected.FromRequirement.Where(value => value.StartsWith("sha256:", StringComparison.Ordinal)).Select(value => value["sha256:".Length..]));
        var hashes = expectedSha256.Length > 0 && !string.Equals(expectedSha256, mismatch.ActualSha256, StringComparison.OrdinalIgnoreCase)
            ? $"expected sha256 {expectedSha256}, got sha256 {mismatch.ActualSha256}"
            : $"{mismatch.Message} (sha256 {mismatch.ActualSha256})";
        var times = fetches == 1 ? "once" : $"{fetches} times";
        return $"{filename} does not match its published hash and may have been tampered with: {hashes}; fetched {times} from {shownUrl}";
    }

    /// <summary>A local file's sha256 and size, checked against <paramref name="expected"/> (nothing, with <see cref="ExpectedHashes.None"/>).</summary>
    internal static async Task<DownloadedArchive> HashLocalAsync(string path, ExpectedHashes expected, CancellationToken cancellationToken)
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
