using System.Globalization;
using System.Security.Cryptography;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;

namespace Dataflow.Installer.Build;

/// <summary>
/// Wheels built from sdists: <c>built-wheels-v1/&lt;sdist sha256&gt;/&lt;tag key&gt;/NAME.whl</c>, so the same sdist is never
/// built twice for one kind of interpreter. Entries are published like unzipped wheels: staged in the cache's temp
/// folder, then one rename, so a killed build never leaves a half-written wheel that a later run trusts. Beside the
/// wheel, <c>NAME.whl.sha256</c> holds its sha256 with the size and mtime it had then, so a warm run that finds the
/// wheel does not read it again (nor load OpenSSL to hash it) while those still match.
/// </summary>
internal sealed class BuiltWheelCache(CacheRoot cache)
{
    public const string Bucket = "built-wheels-v1";

    /// <summary>The suffix of the file beside a built wheel that remembers its sha256.</summary>
    public const string HashFileSuffix = ".sha256";

    /// <summary>The cached wheel for this sdist and tag key with its sha256; null when it was never built.</summary>
    public async Task<DownloadedArchive?> TryGetAsync(string sourceSha256, string tagKey, CancellationToken cancellationToken)
    {
        var entry = EntryPath(sourceSha256, tagKey);
        return Directory.Exists(entry) && Directory.EnumerateFiles(entry, "*.whl").FirstOrDefault() is { } cached
            ? Remembered(cached) ?? await HashAndRememberAsync(cached, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Copies a freshly built wheel into the cache and returns the cached copy (another run's copy if it won the race).</summary>
    public async Task<DownloadedArchive> PublishAsync(string sourceSha256, string tagKey, string wheel, CancellationToken cancellationToken)
    {
        var entry = EntryPath(sourceSha256, tagKey);
        var staging = cache.CreateTempDirectory("built");
        var copy = Path.Combine(staging, Path.GetFileName(wheel));
        var sha256 = await CopyHashingAsync(wheel, copy, cancellationToken).ConfigureAwait(false);
        Remember(copy, sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        try
        {
            Directory.Move(staging, entry);
        }
        catch (IOException) when (Directory.Exists(entry))
        {
            // Another run built it first; its wheel serves as well.
            Directory.Delete(staging, recursive: true);
        }
        var published = Directory.EnumerateFiles(entry, "*.whl").First();
        return Remembered(published) ?? await HashAndRememberAsync(published, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Held while building an sdist, so that processes sharing the cache build it once: the others wait, then find the wheel.</summary>
    public EntryLock Lock(string sourceSha256, CancellationToken cancellationToken) => EntryLock.Acquire(cache, sourceSha256, cancellationToken);

    private string EntryPath(string sourceSha256, string tagKey) => Path.Combine(cache.Path, Bucket, sourceSha256, tagKey);

    // "<sha256> <size> <mtime ticks>": believed only while the wheel still has that size and mtime.
    private static DownloadedArchive? Remembered(string wheel)
    {
        string[] fields;
        try
        {
            fields = File.ReadAllText(wheel + HashFileSuffix).Split(' ', StringSplitOptions.TrimEntries);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return fields.Length == 3 && CacheLayout.IsSha256(fields[0])
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
            && FileStamp.Of(wheel) == new FileStamp(length, ticks)
                ? new DownloadedArchive(wheel, fields[0], length, IsScratch: false)
                : null;
    }

    // An entry built before the hash was kept (or whose wheel changed) is hashed, and the hash kept for the next run.
    private static async Task<DownloadedArchive> HashAndRememberAsync(string wheel, CancellationToken cancellationToken)
    {
        string sha256;
        long length;
        await using (var stream = File.OpenRead(wheel))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            length = stream.Length;
        }
        try
        {
            Remember(wheel, sha256);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves the wheel; it is hashed again next time.
        }
        return new DownloadedArchive(wheel, sha256, length, IsScratch: false);
    }

    private static void Remember(string wheel, string sha256)
    {
        if (FileStamp.Of(wheel) is not { } stamp)
        {
            return;
        }
        // Written beside and renamed: a reader sees no hash or a whole one.
        var path = wheel + HashFileSuffix;
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{sha256} {stamp.Length} {stamp.LastWriteTicks}\n"));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    // The built wheel is read once: hashed while it is copied into the cache.
    private static async Task<string> CopyHashingAsync(string source, string target, CancellationToken cancellationToken)
    {
        using var hasher = new StreamingHasher(["sha256"]);
        await using (var input = File.OpenRead(source))
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        return hasher.Finish()["sha256"];
    }
}
