using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Unzip;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>What one run shares across its environments: the cache, one HttpClient, the index client, the stages' options.</summary>
internal sealed class RunContext : IDisposable
{
    private readonly ILogger _log;

    public RunContext(InstallOptions options, bool failFast, ILogger log)
    {
        Validate(options);
        _log = log;
        Options = options;
        Cache = options.NoCache
            ? new CacheRoot(Path.Combine(Path.GetTempPath(), $"dfi-cache-{Environment.ProcessId}-{Guid.NewGuid():N}"), isTemporary: true)
            : new CacheRoot(options.CacheDir ?? CacheRoot.DefaultPath());
        Cache.EnsureCreated();
        Http = HttpClients.Create(options.ConcurrentDownloads, new NetworkSettings
        {
            Timeout = TimeSpan.FromSeconds(options.Timeout),
            Retries = options.Retries,
            Netrc = options.Offline ? null : NetrcFile.Load(),
            OnRetry = retry => _log.Warning(
                "{Url} {Reason}; retry {Retry} of {Retries} in {Delay:0.0} s", retry.Url, retry.Reason, retry.Retry, retry.Retries, retry.Delay.TotalSeconds),
        });
        var policy = options.Offline ? PageCachePolicy.Offline : options.Refresh ? PageCachePolicy.Refresh : PageCachePolicy.Default;
        IndexClient = new SimpleIndexClient(Http, new PageCache(Cache, TimeProvider.System), policy);
        PipelineOptions = new PipelineOptions
        {
            ConcurrentDownloads = options.ConcurrentDownloads,
            ConcurrentBuilds = options.ConcurrentBuilds ?? Environment.ProcessorCount,
            ConcurrentUnzips = options.ConcurrentInstalls ?? Environment.ProcessorCount,
            ConcurrentInstalls = options.ConcurrentInstalls ?? Environment.ProcessorCount,
            LinkMode = options.LinkMode,
            FailFast = failFast,
        };
    }

    public InstallOptions Options { get; }

    public CacheRoot Cache { get; }

    public HttpClient Http { get; }

    public SimpleIndexClient IndexClient { get; }

    public PipelineOptions PipelineOptions { get; }

    /// <summary>Runs the pipeline over <paramref name="plans"/> with a scratch folder that is gone afterwards, fault or not.</summary>
    public async Task<PipelineResult> RunPipelineAsync(IReadOnlyList<EnvironmentPlan> plans, CancellationToken cancellationToken)
    {
        var scratch = Cache.CreateTempDirectory("run");
        try
        {
            using var pep517 = new Pep517Builder(PipelineOptions.ConcurrentBuilds);
            var stages = new PipelineStages(
                new Downloader(Http), SourceBuilder(plans, pep517), new WheelUnzipper(Cache), new LocationPointers(Cache), Cache, scratch, PipelineOptions, Options.Offline,
                // The installer gives its hard-link fallback warning once per run itself.
                warning => _log.Warning("{Warning}", warning));
            return await new InstallPipeline(stages, PipelineOptions, new LogPipelineReporter(_log)).RunAsync(plans, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    // Without isolation a build runs in the environment it is for, so it needs exactly one (sync's case).
    private ISourceBuilder SourceBuilder(IReadOnlyList<EnvironmentPlan> plans, Pep517Builder pep517)
    {
        if (!Options.NoBuildIsolation || Options.NoBuild || plans.Count != 1)
        {
            return new NoSourceBuilds();
        }
        var interpreter = plans[0].Interpreter;
        var tagKey = Environments.CompatibilityTags.ForInterpreter(interpreter).Tags[0].ToString();
        return new TargetEnvironmentBuilder(Cache, interpreter.Executable, tagKey, pep517, new Dictionary<string, string>());
    }

    public void Dispose()
    {
        Http.Dispose();
        if (Cache.IsTemporary)
        {
            TryDelete(Cache.Path);
        }
    }

    private static void Validate(InstallOptions options)
    {
        if (options.ConcurrentDownloads < 1 || options.ConcurrentBuilds is < 1 || options.ConcurrentInstalls is < 1)
        {
            throw new UsageException("--concurrent-downloads, --concurrent-builds and --concurrent-installs must be at least 1.");
        }
        if (options.Timeout is not (> 0 and <= 86_400) || options.Retries is < 0 or > 100)
        {
            throw new UsageException("--timeout must be more than 0 and at most 86400 seconds, and --retries from 0 to 100.");
        }
        if (options.NoCache && options.CacheDir is not null)
        {
            throw new UsageException("--no-cache and --cache-dir cannot be used together.");
        }
        if (options.Offline && options.Refresh)
        {
            throw new UsageException("--offline and --refresh cannot be used together: --refresh asks the index again.");
        }
    }

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
