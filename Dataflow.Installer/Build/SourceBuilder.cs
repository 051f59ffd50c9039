using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Build;

/// <summary>
/// Builds an sdist into a wheel (PEP 517): unpack safely, read <c>[build-system]</c>, get an environment with its
/// <c>requires</c>, ask <c>get_requires_for_build_wheel</c>, get one with those too, <c>build_wheel</c>, check the
/// wheel is the distribution the sdist claims to be, and keep it in the cache under the sdist's sha256.
/// </summary>
internal sealed class SourceBuilder(
    BuiltWheelCache builtWheels,
    IBuildEnvironments environments,
    Pep517Builder pep517,
    IReadOnlyDictionary<string, string> configSettings,
    TimeSpan? timeout,
    long maxUnpackedBytes = SourceDistExtractor.DefaultMaxUnpackedBytes) : ISourceBuilder
{
    // A folder built for two interpreters (or editable and not) is built one way at a time: backends write build/ and
    // *.egg-info into the folder itself.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _folders = new(StringComparer.Ordinal);

    public Task<DownloadedArchive?> FindBuiltAsync(DistributionArtifact artifact, string sourceSha256, CancellationToken cancellationToken) =>
        builtWheels.TryGetAsync(sourceSha256, artifact.Build?.TagKey ?? "any", cancellationToken);

    public async Task<DownloadedArchive> BuildAsync(DistributionArtifact artifact, DownloadedArchive sourceDistribution, string scratchDirectory, CancellationToken cancellationToken)
    {
        var tagKey = artifact.Build?.TagKey ?? "any";
        if (await builtWheels.TryGetAsync(sourceDistribution.Sha256, tagKey, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        using var entryLock = builtWheels.Lock(sourceDistribution.Sha256, cancellationToken);
        if (await builtWheels.TryGetAsync(sourceDistribution.Sha256, tagKey, cancellationToken).ConfigureAwait(false) is { } builtMeanwhile)
        {
            return builtMeanwhile;
        }

        var work = Path.Combine(scratchDirectory, "build-" + Guid.NewGuid().ToString("N")[..12]);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        try
        {
            var source = new SourceDistExtractor(maxUnpackedBytes).Extract(sourceDistribution.Path, Path.Combine(work, "src"), deadline.Token);
            var system = BuildSystem.Read(source);
            var python = await environments.GetPythonAsync(artifact, system.Requires, deadline.Token).ConfigureAwait(false);
            var more = await pep517.GetRequiresForBuildWheelAsync(source, system, python, configSettings, deadline.Token).ConfigureAwait(false);
            var missing = more.Where(requirement => !system.Requires.Contains(requirement, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                python = await environments.GetPythonAsync(artifact, [.. system.Requires, .. missing], deadline.Token).ConfigureAwait(false);
            }
            var wheel = await pep517.BuildWheelAsync(source, system, python, configSettings, Path.Combine(work, "out"), deadline.Token).ConfigureAwait(false);
            CheckIdentity(artifact, Path.GetFileName(wheel));
            return await builtWheels.PublishAsync(sourceDistribution.Sha256, tagKey, wheel, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout is { } allowed)
        {
            throw new BuildException($"{artifact.Filename}: the build was stopped after {allowed.TotalSeconds:0} seconds (--build-timeout).");
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

    public async Task<DownloadedArchive> BuildFolderAsync(DistributionArtifact artifact, string scratchDirectory, CancellationToken cancellationToken)
    {
        var source = artifact.SourceFolder ?? throw new InvalidOperationException($"{artifact.Display} is not a project folder.");
        var editable = artifact.Editable;
        // Outside the work folder, which goes when the build ends: the unzip stage reads the wheel by its file name and deletes it.
        var output = Path.Combine(scratchDirectory, "folder-" + Guid.NewGuid().ToString("N")[..12]);
        var work = Path.Combine(scratchDirectory, "build-" + Guid.NewGuid().ToString("N")[..12]);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        var folderLock = _folders.GetOrAdd(source, _ => new SemaphoreSlim(1, 1));
        await folderLock.WaitAsync(deadline.Token).ConfigureAwait(false);
        try
        {
            var system = BuildSystem.Read(source);
            var python = await environments.GetPythonAsync(artifact, system.Requires, deadline.Token).ConfigureAwait(false);
            var more = await pep517.GetRequiresForBuildWheelAsync(source, system, python, configSettings, deadline.Token, editable).ConfigureAwait(false);
            var missing = more.Where(requirement => !system.Requires.Contains(requirement, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                python = await environments.GetPythonAsync(artifact, [.. system.Requires, .. missing], deadline.Token).ConfigureAwait(false);
            }
            var built = await pep517.BuildWheelAsync(source, system, python, configSettings, work, deadline.Token, editable).ConfigureAwait(false);
            var wheel = WheelFilename.Parse(Path.GetFileName(built));
            if (wheel.Name != artifact.Name)
            {
                throw new BuildException($"the backend built {Path.GetFileName(built)}, which is not {artifact.Name}.");
            }
            Directory.CreateDirectory(output);
            var kept = Path.Combine(output, Path.GetFileName(built));
            File.Move(built, kept);
            return new DownloadedArchive(kept, await Sha256Async(kept, cancellationToken).ConfigureAwait(false), new FileInfo(kept).Length, IsScratch: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout is { } allowed)
        {
            throw new BuildException($"{source}: the build was stopped after {allowed.TotalSeconds:0} seconds (--build-timeout).");
        }
        catch (Exception exception) when (exception is BuildException)
        {
            throw new BuildException($"{source}: {exception.Message}", exception);
        }
        finally
        {
            folderLock.Release();
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    // A backend that builds some other project (or version) than the sdist's name says would install the wrong thing.
    private static void CheckIdentity(DistributionArtifact artifact, string wheelFileName)
    {
        var wheel = WheelFilename.Parse(wheelFileName);
        var sameVersion = PackageVersion.TryParse(wheel.Version, out var built) && PackageVersion.TryParse(artifact.Version, out var wanted) && built == wanted;
        if (wheel.Name != artifact.Name || !sameVersion)
        {
            throw new BuildException($"the backend built {wheelFileName}, which is not {artifact.Name} {artifact.Version}.");
        }
    }
}
