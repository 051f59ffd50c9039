using System.Diagnostics;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Unzip;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi sync</c>: read, plan without the network, choose files, then one pipeline run.</summary>
internal sealed class SyncCommand(ILogger log)
{
    public const string DefaultIndexUrl = "https://pypi.org/simple/";

    public async Task<int> RunAsync(SyncOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Validate(options);
        var interpreterPath = TargetEnvironment.ResolveInterpreter(options.Python);
        var cache = options.NoCache
            ? new CacheRoot(Path.Combine(Path.GetTempPath(), $"dfi-cache-{Environment.ProcessId}-{Guid.NewGuid():N}"), isTemporary: true)
            : new CacheRoot(options.CacheDir ?? CacheRoot.DefaultPath());
        try
        {
            cache.EnsureCreated();
            var query = await PythonInterpreter.QueryAsync(interpreterPath, cache.Path, cancellationToken).ConfigureAwait(false);
            var interpreter = query.Info;
            log.Debug("Interpreter {Executable}: Python {Version} ({Seconds})", interpreter.Executable, interpreter.FullVersion, Seconds(clock));
            if (!interpreter.IsVirtualEnvironment)
            {
                throw new InterpreterException($"'{interpreterPath}' is not in a virtual environment; dfi installs into virtual environments only. Create one with `dfi venv`.");
            }

            var requirements = await new RequirementsFileReader().ReadAsync(options.Requirements.ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var warning in requirements.Warnings)
            {
                log.Warning("{Warning}", warning);
            }
            var wanted = WantedSetBuilder.Build(requirements, interpreter.MarkerEnvironment, options.RequireHashes);
            var installed = SitePackages.ReadInstalled(interpreter.Scheme.Purelib, interpreter.Scheme.Platlib);
            var decision = SyncPlanner.Decide(wanted, installed, options.Reinstall, options.Strict);
            log.Debug("{Wanted} wanted, {Installed} installed, {Fetch} to fetch ({Seconds})", wanted.Count, installed.Count, decision.ToFetch.Count, Seconds(clock));
            var removals = RemovableOnly(decision.Removals);

            var environmentName = interpreter.Prefix;
            if (decision.ToFetch.Count == 0 && removals.Count == 0)
            {
                Console.Out.WriteLine($"Audited {SyncSummary.Count(decision.Unchanged.Count)} in {Seconds(clock)}: nothing to do");
                return ExitCodes.Success;
            }

            using var http = HttpClients.Create(options.ConcurrentDownloads);
            var indexes = Indexes(options, requirements);
            var findLinks = options.FindLinks.Concat(requirements.FindLinks).Distinct().ToList();
            var finder = new DistributionFinder(new SimpleIndexClient(http, new PageCache(cache, TimeProvider.System), PagePolicy(options)), http, indexes, findLinks, options.Offline);
            var context = new FileSelectionContext(
                CompatibilityTags.ForInterpreter(interpreter),
                PackageVersion.Parse(interpreter.FullVersion),
                requirements.Pre,
                AllowSourceDistributions: false);
            var pipelineOptions = new PipelineOptions
            {
                ConcurrentDownloads = options.ConcurrentDownloads,
                ConcurrentBuilds = options.ConcurrentBuilds ?? Environment.ProcessorCount,
                ConcurrentUnzips = options.ConcurrentInstalls ?? Environment.ProcessorCount,
                ConcurrentInstalls = options.ConcurrentInstalls ?? Environment.ProcessorCount,
                LinkMode = options.LinkMode,
                FailFast = true,
            };
            var installs = await new ArtifactPlanner(finder, context, pipelineOptions.ConcurrentDownloads, options.Offline, log)
                .PlanAsync(decision.ToFetch, cancellationToken).ConfigureAwait(false);
            var plan = new EnvironmentPlan(environmentName, interpreter, installs, removals, decision.Unchanged);
            log.Debug("Files chosen ({Seconds})", Seconds(clock));

            if (options.DryRun)
            {
                SyncSummary.WritePlan(Console.Out, plan, clock.Elapsed);
                return ExitCodes.Success;
            }

            var scratch = cache.CreateTempDirectory("run");
            PipelineResult result;
            try
            {
                var stages = new PipelineStages(
                    new Downloader(http), new NoSourceBuilds(), new WheelUnzipper(cache), new LocationPointers(cache), cache, scratch, pipelineOptions, options.Offline,
                    // The installer gives its hard-link fallback warning once per run itself.
                    warning => log.Warning("{Warning}", warning));
                result = await new InstallPipeline(stages, pipelineOptions, new LogPipelineReporter(log)).RunAsync([plan], cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                TryDelete(scratch);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!result.Succeeded)
            {
                foreach (var failure in result.Failures)
                {
                    log.Error("{Failure}", failure.ToString());
                }
                var environment = result.Environments[0];
                var touched = environment.Installed.Count + environment.Removed.Count > 0;
                throw new SyncFailedException(touched
                    ? $"The sync of {environmentName} failed while changing it ({environment.Removed.Count} removed, {environment.Installed.Count} installed before the failure)."
                    : $"The sync of {environmentName} failed; the environment was not changed.");
            }
            SyncSummary.WriteResult(Console.Out, result.Environments[0], clock.Elapsed);
            return ExitCodes.Success;
        }
        finally
        {
            if (cache.IsTemporary)
            {
                TryDelete(cache.Path);
            }
        }
    }

    private static PageCachePolicy PagePolicy(SyncOptions options) =>
        options.Offline ? PageCachePolicy.Offline : options.Refresh ? PageCachePolicy.Refresh : PageCachePolicy.Default;

    private static void Validate(SyncOptions options)
    {
        if (options.ConcurrentDownloads < 1 || options.ConcurrentBuilds is < 1 || options.ConcurrentInstalls is < 1)
        {
            throw new UsageException("--concurrent-downloads, --concurrent-builds and --concurrent-installs must be at least 1.");
        }
        if (options.Offline && options.Refresh)
        {
            throw new UsageException("--offline and --refresh cannot be used together: --refresh asks the index again.");
        }
        if (options.NoCache && options.CacheDir is not null)
        {
            throw new UsageException("--no-cache and --cache-dir cannot be used together.");
        }
    }

    private static IReadOnlyList<Uri> Indexes(SyncOptions options, RequirementsFile requirements)
    {
        if (options.NoIndex || requirements.NoIndex)
        {
            return [];
        }
        var urls = new List<string> { options.IndexUrl ?? requirements.IndexUrl ?? DefaultIndexUrl };
        urls.AddRange(options.ExtraIndexUrls);
        urls.AddRange(requirements.ExtraIndexUrls);
        var result = new List<Uri>();
        foreach (var url in urls.Distinct())
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https" && uri.Scheme != "file"))
            {
                throw new UsageException($"'{url}' is not an index URL (http://, https:// or file://).");
            }
            result.Add(uri);
        }
        return result;
    }

    // Legacy .egg-info metadata has no RECORD to remove by; reporting it is better than guessing.
    private IReadOnlyList<InstalledDistribution> RemovableOnly(IReadOnlyList<InstalledDistribution> removals)
    {
        foreach (var egg in removals.Where(distribution => distribution.IsEggInfo && !File.Exists(Path.Combine(distribution.DistInfoPath, "installed-files.txt"))))
        {
            log.Warning("{Name} {Version} was installed without a file list ({Path}); dfi leaves it in place", egg.Name, egg.Version, egg.DistInfoPath);
        }
        return removals.Where(distribution => !distribution.IsEggInfo || File.Exists(Path.Combine(distribution.DistInfoPath, "installed-files.txt"))).ToList();
    }

    private static string Seconds(Stopwatch clock) => $"{clock.Elapsed.TotalSeconds:0.00}s";

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A later run's clean-up of stale temp folders removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
