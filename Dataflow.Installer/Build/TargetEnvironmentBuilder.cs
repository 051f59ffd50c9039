using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Build;

/// <summary>
/// Builds sdists with their PEP 517 backend run by one given interpreter (<c>--no-build-isolation</c>: the
/// target environment, which must already hold the build requirements). A built wheel is kept in the cache
/// under the sdist's sha256 and the interpreter's tag key, so the same sdist is never built twice.
/// </summary>
internal sealed class TargetEnvironmentBuilder(CacheRoot cache, string pythonExecutable, string tagKey, Pep517Builder builder, IReadOnlyDictionary<string, string> configSettings) : ISourceBuilder
{
    /// <summary>Wheels built from sdists: <c>built-wheels-v1/&lt;sdist sha256&gt;/&lt;tag key&gt;/NAME.whl</c>.</summary>
    public const string Bucket = "built-wheels-v1";

    public async Task<DownloadedArchive> BuildAsync(DistributionArtifact artifact, DownloadedArchive sourceDistribution, string scratchDirectory, CancellationToken cancellationToken)
    {
        var entry = Path.Combine(cache.Path, Bucket, sourceDistribution.Sha256, tagKey);
        if (Directory.Exists(entry) && Directory.EnumerateFiles(entry, "*.whl").FirstOrDefault() is { } cached)
        {
            return await HashAsync(cached, cancellationToken).ConfigureAwait(false);
        }

        var work = Path.Combine(scratchDirectory, "build-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var source = new SourceDistExtractor().Extract(sourceDistribution.Path, Path.Combine(work, "src"), cancellationToken);
            var system = BuildSystem.Read(source);
            var wheel = await builder.BuildWheelAsync(source, system, pythonExecutable, configSettings, Path.Combine(work, "out"), cancellationToken).ConfigureAwait(false);

            // Published like an unzipped wheel: staged inside the cache root, then one rename.
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
            var published = Directory.EnumerateFiles(entry, "*.whl").First();
            return await HashAsync(published, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SourceDistException or BuildException)
        {
            throw new BuildException($"{artifact.Filename}: {exception.Message}", exception);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task<DownloadedArchive> HashAsync(string wheel, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(wheel);
        var digest = await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return new DownloadedArchive(wheel, Convert.ToHexStringLower(digest), stream.Length, IsScratch: false);
    }
}
