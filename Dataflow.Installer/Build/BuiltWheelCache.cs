using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;

namespace Dataflow.Installer.Build;

/// <summary>
/// Wheels built from sdists: <c>built-wheels-v1/&lt;sdist sha256&gt;/&lt;tag key&gt;/NAME.whl</c>, so the same sdist is never
/// built twice for one kind of interpreter. Entries are published like unzipped wheels: staged in the cache's temp
/// folder, then one rename, so a killed build never leaves a half-written wheel that a later run trusts.
/// </summary>
internal sealed class BuiltWheelCache(CacheRoot cache)
{
    public const string Bucket = "built-wheels-v1";

    /// <summary>The cached wheel for this sdist and tag key, hashed; null when it was never built.</summary>
    public async Task<DownloadedArchive?> TryGetAsync(string sourceSha256, string tagKey, CancellationToken cancellationToken)
    {
        var entry = EntryPath(sourceSha256, tagKey);
        return Directory.Exists(entry) && Directory.EnumerateFiles(entry, "*.whl").FirstOrDefault() is { } cached
            ? await HashAsync(cached, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Copies a freshly built wheel into the cache and returns the cached copy (another run's copy if it won the race).</summary>
    public async Task<DownloadedArchive> PublishAsync(string sourceSha256, string tagKey, string wheel, CancellationToken cancellationToken)
    {
        var entry = EntryPath(sourceSha256, tagKey);
        var staging = cache.CreateTempDirectory("built");
        File.Copy(wheel, Path.Combine(staging, Path.GetFileName(wheel)));
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
        return await HashAsync(Directory.EnumerateFiles(entry, "*.whl").First(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Held while building an sdist, so that processes sharing the cache build it once: the others wait, then find the wheel.</summary>
    public EntryLock Lock(string sourceSha256, CancellationToken cancellationToken) => EntryLock.Acquire(cache, sourceSha256, cancellationToken);

    private string EntryPath(string sourceSha256, string tagKey) => Path.Combine(cache.Path, Bucket, sourceSha256, tagKey);

    private static async Task<DownloadedArchive> HashAsync(string wheel, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(wheel);
        var digest = await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return new DownloadedArchive(wheel, Convert.ToHexStringLower(digest), stream.Length, IsScratch: false);
    }
}
