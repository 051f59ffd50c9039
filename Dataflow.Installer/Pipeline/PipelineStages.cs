using System.Collections.Concurrent;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Pipeline;

/// <summary>The real stages: download (or find in the cache), build, unzip into the cache, install into environments.</summary>
internal sealed class PipelineStages(
    Downloader downloader,
    ISourceBuilder builder,
    WheelUnzipper unzipper,
    LocationPointers pointers,
    CacheRoot cache,
    ScratchFolder scratch,
    PipelineOptions options,
    bool offline,
    Action<string> warn) : IPipelineStages, IDisposable
{
    private readonly InFlightMap<string, CacheEntry> _unzips = new(StringComparer.Ordinal);
    private readonly WheelEntries _entries = new(cache, warn);
    private readonly WheelInstaller _installer = new(warn);
    private readonly Uninstaller _uninstaller = new();
    private readonly GitCloner _git = new();
    // A project folder's wheel is unzipped into the run's scratch folder, not the cache: no later run could use it (the
    // folder is built again), and every edit of the folder would otherwise leave an entry behind. Installs copy or link
    // from it before the run ends and removes it; symbolic links would point into it, so that mode uses the cache.
    private readonly Lazy<WheelUnzipper> _folderUnzipper = new(() => unzipper.Into(new CacheRoot(Path.Combine(scratch.Path, "folder-entries"), isTemporary: true)));
    private readonly ConcurrentDictionary<string, string> _locationKeys = new(StringComparer.Ordinal);
    // Its worker pools start with the first environment that compiles and serve every later one of the run.
    private readonly Lazy<BytecodeCompiler> _bytecode = new(() => new BytecodeCompiler(Environment.ProcessorCount, warn));

    public async Task<ArtifactJob> DownloadAsync(ArtifactJob job, CancellationToken cancellationToken)
    {
        var artifact = job.Artifact;
        if (artifact.SourceFolder is not null)
        {
            // Nothing to fetch: the build stage builds the folder where it is.
            return job;
        }
        if (artifact.Vcs is { } vcs)
        {
            return await CheckoutAsync(job, vcs, cancellationToken).ConfigureAwait(false);
        }
        // With a wheelhouse to fill, a cached wheel counts only once the wheelhouse has its file too.
        if (artifact.IsWheel && !MissingFromKeep(artifact.Filename) && FindInCache(artifact, cancellationToken) is { } entry)
        {
            return job with { Entry = entry, CacheHit = true };
        }
        // An sdist built before (by any run) needs neither its download nor a build: its wheel is in the build cache.
        if (!artifact.IsWheel && KnownSha256(artifact) is { } sourceSha256
            && await builder.FindBuiltAsync(artifact, sourceSha256, cancellationToken).ConfigureAwait(false) is { } built)
        {
            return FoundBuilt(job, built, cancellationToken);
        }
        if (offline && !artifact.Url.IsFile)
        {
            throw new DownloadException($"{artifact.Filename} is not in the cache, and --offline forbids downloading {Downloader.Redact(artifact.Url)}");
        }
        var archive = await downloader.DownloadAsync(artifact.Url, artifact.Filename, artifact.Hashes, scratch.Path, cancellationToken).ConfigureAwait(false);
        return job with { Archive = archive };
    }

    public async Task<ArtifactJob> BuildAsync(ArtifactJob job, CancellationToken cancellationToken)
    {
        if (job.Artifact.SourceFolder is not null)
        {
            // Built while planning when only its build could tell the folder's name.
            var folderWheel = job.Artifact.Prebuilt ?? await builder.BuildFolderAsync(job.Artifact, scratch.Path, cancellationToken).ConfigureAwait(false);
            return job with { Archive = folderWheel, IsBuilt = true };
        }
        if (job is { Artifact.Vcs: { } vcs, Checkout: { } checkout, Commit: { } commit })
        {
            try
            {
                var folder = vcs.Subdirectory is { } subdirectory ? Path.Combine(checkout, subdirectory) : checkout;
                if (!Directory.Exists(folder))
                {
                    throw new BuildException($"{job.Artifact.Display}: commit {commit} has no folder '{vcs.Subdirectory}'.");
                }
                var built = await builder.BuildCheckoutAsync(job.Artifact, folder, CheckoutKey(vcs, commit), scratch.Path, cancellationToken).ConfigureAwait(false);
                return job with { Archive = built, IsBuilt = true, Checkout = null };
            }
            finally
            {
                DeleteClone(checkout);
            }
        }
        var sourceDistribution = job.Archive!;
        // Remembered like a wheel's location, so that an index without hashes still finds the build next time.
        pointers.Record(LocationKey(job.Artifact), sourceDistribution.Sha256);
        var wheel = await builder.BuildAsync(job.Artifact, sourceDistribution, scratch.Path, cancellationToken).ConfigureAwait(false);
        if (sourceDistribution.IsScratch)
        {
            File.Delete(sourceDistribution.Path);
        }
        return job with { Archive = wheel, IsBuilt = true };
    }

    public async Task<ArtifactJob> UnzipAsync(ArtifactJob job, CancellationToken cancellationToken)
    {
        var archive = job.Archive!;
        var wheel = WheelFilename.Parse(job.Artifact.IsWheel ? job.Artifact.Filename : Path.GetFileName(archive.Path));
        CheckProject(job.Artifact, wheel);
        var entry = await _unzips.GetOrRunAsync(
            archive.Sha256,
            // Found here first so that an edited entry is reported through this run's warnings before it is unzipped again.
            () => Task.FromResult(_entries.Find(archive.Sha256, wheel.FileName, cancellationToken)
                ?? (job.Artifact.SourceFolder is not null && options.LinkMode != LinkMode.Symlink ? _folderUnzipper.Value : unzipper)
                    .Unzip(archive, wheel.FileName, $"{wheel.Name.WheelEscaped}-{wheel.Version}", cancellationToken))).ConfigureAwait(false);
        if (job.Artifact.IsWheel)
        {
            // A location points at the file found there; a wheel built from an sdist is found through the build cache instead.
            pointers.Record(LocationKey(job.Artifact), archive.Sha256);
        }
        if (options.KeepWheelsIn is { } keep)
        {
            Keep(archive, wheel.FileName, keep);
        }
        else if (archive.IsScratch)
        {
            // The unzipped tree is what is kept; the archive would only double the run's disk use.
            File.Delete(archive.Path);
            if (job.Artifact.SourceFolder is not null)
            {
                // A folder's wheel has a folder of its own in the scratch folder (two builds may name their wheels alike).
                Directory.Delete(Path.GetDirectoryName(archive.Path)!);
            }
        }
        return job with { Entry = entry };
    }

    public async Task<EnvironmentResult> InstallAsync(EnvironmentPlan plan, IReadOnlyDictionary<string, ArtifactJob> prepared, CancellationToken cancellationToken)
    {
        var interpreter = plan.Interpreter;
        await TestHooks.PauseBeforeLockAsync(cancellationToken).ConfigureAwait(false);
        // The lock makes a second run on this environment wait here; a journal left by a run that died is rolled back
        // first. Every change below goes through the journal, and leaving this block without Commit rolls back.
        using var transaction = await EnvironmentTransaction.BeginAsync(interpreter.Prefix, warn, cancellationToken).ConfigureAwait(false);
        var journal = transaction.Journal;
        // The result names the plan as given: the pipeline finds results by reference.
        var work = PlanRevalidator.Revalidate(plan, SitePackages.ReadInstalled(interpreter.Scheme.Purelib, interpreter.Scheme.Platlib));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ConcurrentInstalls, CancellationToken = cancellationToken };
        var removed = new ConcurrentBag<InstalledDistribution>();
        var failures = new ConcurrentBag<StageFailure>();

        // Everything leaving goes first, so that a file moving from one distribution to another is not removed after it arrived.
        var leaving = work.Removals.Concat(work.Installs.Select(install => install.Replaces).OfType<InstalledDistribution>()).ToList();
        await Parallel.ForEachAsync(leaving, parallel, async (distribution, token) =>
        {
            try
            {
                await _uninstaller.UninstallAsync(distribution, journal, token).ConfigureAwait(false);
                removed.Add(distribution);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures.Add(new StageFailure($"{distribution.Name}=={distribution.Version}", PipelineStage.Uninstall, DiskFull.Describe(exception, interpreter.Prefix), exception));
            }
        }).ConfigureAwait(false);

        var installed = new ConcurrentBag<BytecodeInstall>();
        if (failures.IsEmpty)
        {
            await Parallel.ForEachAsync(InstallUnits(work.Installs, prepared, cancellationToken), parallel, async (unit, token) =>
            {
                foreach (var install in unit)
                {
                    await InstallOneAsync(install, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }

        if (failures.IsEmpty && options.CompileBytecode)
        {
            try
            {
                // Inside the transaction: the .pyc files and the RECORD rows listing them commit or roll back with the rest.
                await _bytecode.Value.CompileAsync(interpreter.Executable, installed.ToList(), journal, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InstallationException)
            {
                failures.Add(new StageFailure(interpreter.Prefix, PipelineStage.Install, $"Cannot write bytecode: {DiskFull.Describe(exception, interpreter.Prefix)}", exception));
            }
        }

        if (!failures.IsEmpty)
        {
            try
            {
                var recovery = transaction.Rollback();
                warn($"{interpreter.Prefix} was put back as it was ({recovery.Describe()}).");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InstallationException)
            {
                // Reported with the failure that caused it, not instead of it; the journal stays for `dfi repair`.
                failures.Add(new StageFailure(interpreter.Prefix, PipelineStage.Install,
                    $"Could not put the environment back: {DiskFull.Describe(exception, interpreter.Prefix)} Run `dfi repair --python {interpreter.Prefix}`.", exception));
            }
            return new EnvironmentResult(plan, [], [], failures.ToList());
        }
        await TestHooks.PauseBeforeCommitAsync(cancellationToken).ConfigureAwait(false);
        // The last moment a Ctrl+C rolls back (the transaction's Dispose); once the commit begins it completes.
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return new EnvironmentResult(plan, installed.Select(install => install.Distribution).ToList(), removed.ToList(), []);

        async Task InstallOneAsync(PlannedInstall install, CancellationToken token)
        {
            var job = prepared[install.Artifact.Key];
            try
            {
                var scheme = interpreter.Scheme with { Headers = Path.Combine(interpreter.Scheme.Headers, install.HeadersName ?? install.Artifact.Name.Normalized) };
                var directUrl = install.Artifact.SourceFolder is not null ? DirectUrl.FolderJson(install.Artifact.Url, install.Artifact.Editable)
                    : install.Artifact.Vcs is { } vcs ? DirectUrl.VcsJson(vcs, job.Commit!)
                    : install.IsDirectReference ? DirectUrl.Json(install.Artifact.Url, job.Entry!.Sha256)
                    : null;
                var request = new WheelInstallRequest(job.Entry!.Tree, scheme, interpreter.Executable, options.LinkMode,
                    DirectUrlJson: directUrl, Requested: true, WheelName: install.Artifact.Filename, TreeIsVerified: true)
                {
                    // Checked when the entry was found or made; checked again file by file as it is linked.
                    ExpectedFiles = job.Entry.Manifest,
                    InterpreterVersion = (interpreter.Major, interpreter.Minor),
                };
                installed.Add(await _installer.InstallWithSourcesAsync(request, journal, token).ConfigureAwait(false));
                await TestHooks.PauseWhileInstallingAsync(token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures.Add(new StageFailure(install.Artifact.Display, PipelineStage.Install, DiskFull.Describe(exception, interpreter.Prefix), exception));
            }
        }
    }

    /// <summary>The installs in units run one after another: those writing the same file with different contents run in
    /// pip's order (<see cref="FileClashes"/>), each other install alone; the order of the plan (largest first) is kept.</summary>
    private IEnumerable<IReadOnlyList<PlannedInstall>> InstallUnits(
        IReadOnlyList<PlannedInstall> installs, IReadOnlyDictionary<string, ArtifactJob> prepared, CancellationToken cancellationToken)
    {
        var alone = installs.Select(install => (IReadOnlyList<PlannedInstall>)[install]);
        if (installs.Count < 2)
        {
            return alone;
        }
        FileClashPlan plan;
        try
        {
            // Read at the installs' width: each install reads its wheel's RECORD, METADATA and entry points anyway (once
            // per run), and read one after another here they held back the first link of a warm sync by ~5 ms.
            var wheels = new (PackageName, UnzippedWheel)[installs.Count];
            Parallel.For(0, installs.Count, new ParallelOptions { MaxDegreeOfParallelism = options.ConcurrentInstalls, CancellationToken = cancellationToken },
                index => wheels[index] = (installs[index].Artifact.Name,
                    _installer.ReadVerified(prepared[installs[index].Artifact.Key].Entry!.Tree, installs[index].Artifact.Filename, cancellationToken)));
            plan = FileClashes.Plan(wheels);
        }
        catch (AggregateException)
        {
            // The install of the wheel that cannot be read reports it, naming its distribution (a cancellation, the run).
            return alone;
        }
        foreach (var warning in plan.Warnings)
        {
            warn(warning);
        }
        return plan.Units.Select(unit => (IReadOnlyList<PlannedInstall>)[.. unit.Select(index => installs[index])]);
    }

    /// <summary>Ends the run's bytecode workers, if any were started.</summary>
    public void Dispose()
    {
        if (_bytecode.IsValueCreated)
        {
            _bytecode.Value.Dispose();
        }
    }

    // A commit's wheel, once built (by any run, or by warm), serves without a clone; a branch or tag is cloned to learn its commit.
    private async Task<ArtifactJob> CheckoutAsync(ArtifactJob job, VcsReference vcs, CancellationToken cancellationToken)
    {
        if (vcs.IsCommit && await FindBuiltCheckoutAsync(job, vcs, vcs.Revision!.ToLowerInvariant(), cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known;
        }
        if (offline && !vcs.RepositoryUrl.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new DownloadException($"{job.Artifact.Display} has no wheel built from it in the cache, and --offline forbids cloning {vcs.Recorded}");
        }
        var clone = Path.Combine(scratch.Path, "git-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var commit = await _git.CloneAsync(vcs, clone, cancellationToken).ConfigureAwait(false);
            if (await FindBuiltCheckoutAsync(job, vcs, commit, cancellationToken).ConfigureAwait(false) is { } built)
            {
                DeleteClone(clone);
                return built;
            }
            return job with { Checkout = clone, Commit = commit };
        }
        catch
        {
            DeleteClone(clone);
            throw;
        }
    }

    private async Task<ArtifactJob?> FindBuiltCheckoutAsync(ArtifactJob job, VcsReference vcs, string commit, CancellationToken cancellationToken)
    {
        if (await builder.FindBuiltAsync(job.Artifact, CheckoutKey(vcs, commit), cancellationToken).ConfigureAwait(false) is not { } built)
        {
            return null;
        }
        CheckProject(job.Artifact, WheelFilename.Parse(Path.GetFileName(built.Path)));
        return FoundBuilt(job with { Commit = commit }, built, cancellationToken);
    }

    // A wheel an earlier build made: its unzipped entry when the cache has it (and no wheelhouse still wants the file), else the wheel.
    private ArtifactJob FoundBuilt(ArtifactJob job, DownloadedArchive built, CancellationToken cancellationToken)
    {
        var builtName = Path.GetFileName(built.Path);
        return !MissingFromKeep(builtName) && _entries.Find(built.Sha256, builtName, cancellationToken) is { } unzipped
            ? job with { Entry = unzipped, CacheHit = true, IsBuilt = true }
            : job with { Archive = built, CacheHit = true, IsBuilt = true };
    }

    // A commit's or file's wheel is the project it was asked for, whatever name the requirement gave it: a build found in
    // the cache by commit was made for whichever name asked first.
    private static void CheckProject(DistributionArtifact artifact, WheelFilename wheel)
    {
        if (!artifact.NameFromBuild && wheel.Name != artifact.Name)
        {
            throw new BuildException($"{artifact.Display}: its wheel is {wheel.FileName}, a wheel of '{wheel.Name}', not of '{artifact.Name}'.");
        }
    }

    /// <summary>What a checkout's wheel is kept under in the build cache: the repository, the commit and the project's folder in it.</summary>
    internal static string CheckoutKey(VcsReference vcs, string commit) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"git\n{vcs.Recorded}\n{commit.ToLowerInvariant()}\n{vcs.Subdirectory}")));

    // A clone left behind is removed with the run's scratch folder; failing to remove it now must not hide the build's outcome.
    private void DeleteClone(string clone)
    {
        try
        {
            if (Directory.Exists(clone))
            {
                Directory.Delete(clone, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            warn($"Could not remove the clone {clone} yet ({exception.Message}); the run removes it when it ends.");
        }
    }

    private bool MissingFromKeep(string wheelFileName) =>
        options.KeepWheelsIn is { } keep && !File.Exists(Path.Combine(keep, wheelFileName));

    // Moved when it is a scratch download (free on one filesystem), copied when the cache keeps it (a built wheel).
    private static void Keep(DownloadedArchive archive, string fileName, string folder)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, fileName);
        if (archive.IsScratch)
        {
            File.Move(archive.Path, target, overwrite: true);
            return;
        }
        // Copied under a temporary name and renamed, so the folder never shows a half-written wheel.
        var partial = Path.Combine(folder, $".{fileName}.{Guid.NewGuid():N}.part");
        File.Copy(archive.Path, partial);
        File.Move(partial, target, overwrite: true);
    }

    /// <summary>The artifact's sound cache entry; one whose files were edited is removed here (with a warning) and fetched again.</summary>
    private CacheEntry? FindInCache(DistributionArtifact artifact, CancellationToken cancellationToken) =>
        KnownSha256(artifact) is { } sha256 ? _entries.Find(sha256, artifact.Filename, cancellationToken) : null;

    /// <summary>The file's sha256 without fetching it: from the index or requirement, else remembered from an earlier run.</summary>
    private string? KnownSha256(DistributionArtifact artifact)
    {
        var sha256 = artifact.Hashes.KnownSha256;
        if (sha256 is null && pointers.TryGetSha256(LocationKey(artifact)) is { } remembered)
        {
            // A remembered hash stands in for a download only when it satisfies what the requirement and index demand.
            var digests = new Dictionary<string, string> { ["sha256"] = remembered };
            var requirementHasSha256 = artifact.Hashes.FromRequirement.Count == 0
                || artifact.Hashes.FromRequirement.Any(value => value.StartsWith("sha256:", StringComparison.Ordinal));
            if (requirementHasSha256 && artifact.Hashes.Check(digests) is null)
            {
                sha256 = remembered;
            }
        }
        return sha256?.ToLowerInvariant();
    }

    private string LocationKey(DistributionArtifact artifact) =>
        _locationKeys.GetOrAdd(artifact.Key, _ => artifact.Url.IsFile ? LocationPointers.LocalFileKey(artifact.Url.LocalPath) : artifact.Key);
}
