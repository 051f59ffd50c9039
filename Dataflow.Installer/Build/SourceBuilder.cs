using System.Collections.Concurrent;
using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Build;

/// <summary>
/// Builds an sdist into a wheel (PEP 517): unpack safely, read <c>[build-system]</c>, get an environment with its
/// <c>requires</c>, ask <c>get_requires_for_build_wheel</c>, get one with those too, <c>build_wheel</c>, check the
/// wheel is the distribution the sdist claims to be, and keep it in the cache under the sdist's sha256. Project
/// folders and git checkouts are built the same way, in place.
/// </summary>
internal sealed class SourceBuilder(
    BuiltWheelCache builtWheels,
    IBuildEnvironments environments,
    Pep517Builder pep517,
    ConfigSettings configSettings,
    TimeSpan? timeout,
    long maxUnpackedBytes = SourceDistExtractor.DefaultMaxUnpackedBytes) : ISourceBuilder
{
    // A folder built for two interpreters (or editable and not) is built one way at a time: backends write build/ and
    // *.egg-info into the folder itself.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _folders = new(StringComparer.Ordinal);

    public Task<DownloadedArchive?> FindBuiltAsync(DistributionArtifact artifact, string sourceSha256, CancellationToken cancellationToken) =>
        builtWheels.TryGetAsync(sourceSha256, BuiltKey(artifact), cancellationToken);

    // The run's -C settings, then the requirement's own (a requirements-file line's --config-settings) over them.
    private ConfigSettings SettingsFor(DistributionArtifact artifact) => configSettings.With(artifact.ConfigSettings);

    // Built wheels are kept per sdist, per interpreter tag and, when a build had settings, per those settings.
    private string BuiltKey(DistributionArtifact artifact) =>
        (artifact.Build?.TagKey ?? "any") + (SettingsFor(artifact) is { IsEmpty: false } settings ? "-cs" + settings.Digest : "");

    public Task<DownloadedArchive> BuildAsync(DistributionArtifact artifact, DownloadedArchive sourceDistribution, string scratchDirectory, CancellationToken cancellationToken) =>
        BuildCachedAsync(artifact, sourceDistribution.Sha256, artifact.Filename, scratchDirectory, (work, token) =>
        {
            var source = new SourceDistExtractor(maxUnpackedBytes).Extract(sourceDistribution.Path, Path.Combine(work, "src"), token);
            return Task.FromResult(source);
        }, cancellationToken);

    public Task<DownloadedArchive> BuildCheckoutAsync(DistributionArtifact artifact, string folder, string sourceKey, string scratchDirectory, CancellationToken cancellationToken) =>
        BuildCachedAsync(artifact, sourceKey, artifact.Display, scratchDirectory, (_, _) => Task.FromResult(folder), cancellationToken);

    public async Task<DownloadedArchive> BuildFolderAsync(DistributionArtifact artifact, string scratchDirectory, CancellationToken cancellationToken)
    {
        var source = artifact.SourceFolder ?? throw new InvalidOperationException($"{artifact.Display} is not a project folder.");
        var folderLock = _folders.GetOrAdd(source, _ => new SemaphoreSlim(1, 1));
        await folderLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await WithinLimitsAsync(source, scratchDirectory, async (work, token) =>
            {
                var built = await BuildTreeAsync(artifact, source, artifact.Editable, work, token).ConfigureAwait(false);
                // Moved out of the work folder, which goes when the build ends; the unzip stage reads it by its file name and deletes it.
                var output = Path.Combine(scratchDirectory, "folder-" + Guid.NewGuid().ToString("N")[..12]);
                Directory.CreateDirectory(output);
                var kept = Path.Combine(output, Path.GetFileName(built));
                File.Move(built, kept);
                return await Downloader.HashLocalAsync(kept, ExpectedHashes.None, token).ConfigureAwait(false) with { IsScratch = true };
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            folderLock.Release();
        }
    }

    // An sdist or a checkout: built once per source and interpreter, under a lock, and published to the build cache.
    private async Task<DownloadedArchive> BuildCachedAsync(
        DistributionArtifact artifact,
        string sourceKey,
        string label,
        string scratchDirectory,
        Func<string, CancellationToken, Task<string>> sourceTree,
        CancellationToken cancellationToken)
    {
        var tagKey = BuiltKey(artifact);
        if (await builtWheels.TryGetAsync(sourceKey, tagKey, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }
        using var entryLock = builtWheels.Lock(sourceKey, cancellationToken);
        if (await builtWheels.TryGetAsync(sourceKey, tagKey, cancellationToken).ConfigureAwait(false) is { } builtMeanwhile)
        {
            return builtMeanwhile;
        }
        var built = await WithinLimitsAsync(label, scratchDirectory, async (work, token) =>
        {
            var source = await sourceTree(work, token).ConfigureAwait(false);
            var wheel = await BuildTreeAsync(artifact, source, editable: false, work, token).ConfigureAwait(false);
            return await builtWheels.PublishAsync(sourceKey, tagKey, wheel, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return built;
    }

    // The build's own deadline (--build-timeout), its work folder removed whatever happens, its errors named after the source.
    private async Task<DownloadedArchive> WithinLimitsAsync(
        string label,
        string scratchDirectory,
        Func<string, CancellationToken, Task<DownloadedArchive>> build,
        CancellationToken cancellationToken)
    {
        var work = Path.Combine(scratchDirectory, "build-" + Guid.NewGuid().ToString("N")[..12]);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }
        try
        {
            return await build(work, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout is { } allowed)
        {
            throw new BuildException($"{label}: the build was stopped after {allowed.TotalSeconds:0} seconds (--build-timeout).");
        }
        catch (Exception exception) when (exception is SourceDistException or BuildException)
        {
            throw new BuildException($"{label}: {exception.Message}", exception);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    // PEP 517 (PEP 660 when editable): the backend's requirements, then whatever more it asks for, then the wheel, checked to be the artifact's.
    private async Task<string> BuildTreeAsync(DistributionArtifact artifact, string source, bool editable, string work, CancellationToken token)
    {
        var system = BuildSystem.Read(source);
        var python = await environments.GetPythonAsync(artifact, system.Requires, token).ConfigureAwait(false);
        var settings = SettingsFor(artifact);
        var more = await pep517.GetRequiresForBuildWheelAsync(source, system, python, settings, token, editable).ConfigureAwait(false);
        var missing = more.Where(requirement => !system.Requires.Contains(requirement, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            python = await environments.GetPythonAsync(artifact, [.. system.Requires, .. missing], token).ConfigureAwait(false);
        }
        var wheel = await pep517.BuildWheelAsync(source, system, python, settings, Path.Combine(work, "out"), token, editable).ConfigureAwait(false);
        CheckIdentity(artifact, Path.GetFileName(wheel));
        return wheel;
    }

    // A backend that builds some other project (or version) than the sdist's name says would install the wrong thing.
    // A folder's or checkout's version is whatever its build says.
    private static void CheckIdentity(DistributionArtifact artifact, string wheelFileName)
    {
        var wheel = WheelFilename.Parse(wheelFileName);
        var versionKnown = artifact.Version.Length > 0;
        var sameVersion = !versionKnown || (PackageVersion.TryParse(wheel.Version, out var built) && PackageVersion.TryParse(artifact.Version, out var wanted) && built == wanted);
        if ((wheel.Name != artifact.Name && !artifact.NameFromBuild) || !sameVersion)
        {
            throw new BuildException($"the backend built {wheelFileName}, which is not {artifact.Name}{(versionKnown ? " " + artifact.Version : "")}.");
        }
    }
}
