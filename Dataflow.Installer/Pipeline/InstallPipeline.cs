using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Dataflow.Installer.Install;

namespace Dataflow.Installer.Pipeline;

/// <summary>
/// The Dataflow graph: download → (build) → unzip → gather → install. Each distinct file flows through
/// the first stages once; an environment enters the install block only when every file it needs is
/// prepared, so a failed run never touches an environment whose files were not all ready.
/// </summary>
internal sealed class InstallPipeline(IPipelineStages stages, PipelineOptions options, IPipelineReporter reporter)
{
    public async Task<PipelineResult> RunAsync(IReadOnlyList<EnvironmentPlan> plans, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = run.Token;

        // Largest first: the long downloads and unzips start early instead of becoming the run's tail.
        var artifacts = plans
            .SelectMany(plan => plan.Installs)
            .Select(install => install.Artifact)
            .DistinctBy(artifact => artifact.Key)
            .OrderByDescending(artifact => artifact.Size ?? 0)
            .ToList();
        reporter.EnvironmentsPlanned(plans);
        reporter.ArtifactsPlanned(artifacts);

        var prepared = new ConcurrentDictionary<string, ArtifactJob>(StringComparer.Ordinal);
        var results = new ConcurrentQueue<EnvironmentResult>();
        var gatherer = new EnvironmentGatherer(plans);
        // With fail-fast, environments are held until every file is prepared: a failure that comes late must
        // still find every environment untouched, not only those still waiting for files.
        var held = new List<EnvironmentPlan>();
        var gathered = 0;

        var download = new TransformBlock<ArtifactJob, ArtifactJob>(
            job => RunStageAsync(job, PipelineStage.Download, stages.DownloadAsync, run),
            BlockOptions(options.ConcurrentDownloads));
        var build = new TransformBlock<ArtifactJob, ArtifactJob>(
            job => RunStageAsync(job, PipelineStage.Build, stages.BuildAsync, run),
            BlockOptions(options.ConcurrentBuilds));
        var unzip = new TransformBlock<ArtifactJob, ArtifactJob>(
            job => RunStageAsync(job, PipelineStage.Unzip, stages.UnzipAsync, run),
            BlockOptions(options.ConcurrentUnzips));
        var gather = new TransformManyBlock<ArtifactJob, EnvironmentPlan>(
            job =>
            {
                prepared[job.Artifact.Key] = job;
                var outcome = gatherer.Add(job);
                foreach (var failed in outcome.Failed)
                {
                    results.Enqueue(failed);
                    reporter.EnvironmentCompleted(failed);
                }
                if (job.Failure is { IsCancellation: false } && options.FailFast)
                {
                    run.Cancel();
                }
                if (!options.FailFast)
                {
                    return outcome.Ready;
                }
                held.AddRange(outcome.Ready);
                return ++gathered == artifacts.Count && !run.IsCancellationRequested ? held : [];
            },
            // One at a time: the gatherer's counts are its state.
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1, EnsureOrdered = false });
        var install = new ActionBlock<EnvironmentPlan>(
            async plan =>
            {
                var result = await InstallAsync(plan, prepared, token, cancellationToken).ConfigureAwait(false);
                results.Enqueue(result);
                reporter.EnvironmentCompleted(result);
                if (!result.Succeeded && options.FailFast)
                {
                    run.Cancel();
                }
            },
            BlockOptions(options.ConcurrentInstalls));

        var propagate = new DataflowLinkOptions { PropagateCompletion = true };
        download.LinkTo(build, propagate, job => job.Failure is null && job.Entry is null && !job.Artifact.IsWheel && !job.IsBuilt);
        // The catch-all link: wheels, cache hits and failures go straight on; without it the pipeline could stall.
        download.LinkTo(unzip);
        build.LinkTo(unzip);
        unzip.LinkTo(gather, propagate);
        gather.LinkTo(install, propagate);

        // Unzip has two sources, so it completes only when both have; completion only travels forward.
        _ = Task.WhenAll(download.Completion, build.Completion).ContinueWith(
            finished =>
            {
                if (finished.IsFaulted)
                {
                    ((IDataflowBlock)unzip).Fault(finished.Exception!);
                }
                else
                {
                    unzip.Complete();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        // Environments that need no file at all go straight to the install block.
        foreach (var plan in gatherer.ReadyAtStart)
        {
            if (options.FailFast && artifacts.Count > 0)
            {
                held.Add(plan);
            }
            else
            {
                install.Post(plan);
            }
        }
        foreach (var artifact in artifacts)
        {
            if (!await download.SendAsync(new ArtifactJob(artifact), CancellationToken.None).ConfigureAwait(false))
            {
                break;
            }
        }
        download.Complete();

        var blocks = new IDataflowBlock[] { download, build, unzip, gather, install };
        try
        {
            await Task.WhenAll(blocks.Select(block => block.Completion)).ConfigureAwait(false);
        }
        catch
        {
            // Every block's own exception is read below; awaiting WhenAll surfaces only the first.
        }

        var blockFailures = blocks
            .Select(block => block.Completion.Exception?.Flatten())
            .OfType<AggregateException>()
            .SelectMany(aggregate => aggregate.InnerExceptions)
            .Distinct()
            .Select(exception => new StageFailure("dfi", PipelineStage.Install, "internal error: " + exception.Message, exception))
            .ToList();

        var environmentResults = plans
            .Select(plan => results.FirstOrDefault(result => ReferenceEquals(result.Plan, plan))
                ?? EnvironmentResult.Failed(plan, blockFailures.Count > 0 ? blockFailures : [Cancelled(plan.Name, token)]))
            .ToList();
        return new PipelineResult(environmentResults, artifacts.Select(artifact => prepared.GetValueOrDefault(artifact.Key) ?? new ArtifactJob(artifact) { Failure = Cancelled(artifact.Display, token) }).ToList());
    }

    private static StageFailure Cancelled(string name, CancellationToken token) =>
        new(name, PipelineStage.Install, "not started because the run was stopped", new OperationCanceledException(token));

    private async Task<ArtifactJob> RunStageAsync(
        ArtifactJob job,
        PipelineStage stage,
        Func<ArtifactJob, CancellationToken, Task<ArtifactJob>> work,
        CancellationTokenSource run)
    {
        if (job.Failure is not null || (stage != PipelineStage.Download && job.Entry is not null && job.Archive is null))
        {
            return job;
        }
        if (run.IsCancellationRequested)
        {
            return Failed(job, new StageFailure(job.Artifact.Display, stage, "stopped because the run was cancelled", new OperationCanceledException(run.Token)));
        }

        reporter.StageStarted(job, stage);
        var clock = Stopwatch.StartNew();
        try
        {
            var done = await work(job, run.Token).ConfigureAwait(false);
            done = done.WithSeconds(stage, clock.Elapsed.TotalSeconds);
            reporter.StageCompleted(done, stage);
            return done;
        }
        catch (OperationCanceledException exception) when (run.IsCancellationRequested)
        {
            return Failed(job, new StageFailure(job.Artifact.Display, stage, "stopped because the run was cancelled", exception));
        }
        catch (Exception exception)
        {
            // Caught here, not left to fault the block: a faulted block would drop every later item silently.
            var failure = new StageFailure(job.Artifact.Display, stage, exception is OperationCanceledException ? "timed out" : DiskFull.Describe(exception), exception is OperationCanceledException ? new TimeoutException(exception.Message, exception) : exception);
            return Failed(job.WithSeconds(stage, clock.Elapsed.TotalSeconds), failure);
        }
    }

    private ArtifactJob Failed(ArtifactJob job, StageFailure failure)
    {
        var failed = job with { Failure = failure };
        reporter.StageFailed(failed, failure);
        return failed;
    }

    /// <summary>
    /// Installs one environment unless the run was stopped first. <paramref name="interrupt"/> is the caller's token
    /// (Ctrl+C, SIGTERM), which rolls back an install under way; <paramref name="token"/> also carries another
    /// environment's failure (fail-fast), which only keeps installs from starting.
    /// </summary>
    private async Task<EnvironmentResult> InstallAsync(EnvironmentPlan plan, IReadOnlyDictionary<string, ArtifactJob> prepared, CancellationToken token, CancellationToken interrupt)
    {
        if (token.IsCancellationRequested)
        {
            return EnvironmentResult.Failed(plan, [Cancelled(plan.Name, token)]);
        }
        if (options.PrepareOnly)
        {
            return new EnvironmentResult(plan, [], [], []);
        }
        try
        {
            // A failure elsewhere does not abandon changes under way; an interrupt does, and the transaction rolls them back.
            return await stages.InstallAsync(plan, prepared, interrupt).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return EnvironmentResult.Failed(plan, [new StageFailure(plan.Name, PipelineStage.Install, DiskFull.Describe(exception, plan.Interpreter.Prefix), exception)]);
        }
    }

    private static ExecutionDataflowBlockOptions BlockOptions(int parallelism) => new()
    {
        MaxDegreeOfParallelism = Math.Max(1, parallelism),
        EnsureOrdered = false,
    };
}
