using System.Diagnostics;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Reports;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>
/// Runs <c>dfi warm</c>: the pipeline's download, build and unzip blocks for every listed distribution and every named
/// interpreter, installing nothing, so that later syncs of the same files work <c>--offline</c> and build nothing.
/// </summary>
internal sealed class WarmCommand(ILogger log)
{
    public async Task<int> RunAsync(WarmOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!options.Requirements.Any() && options.Manifest is null)
        {
            throw new UsageException("dfi warm needs requirements files or --manifest MANIFEST.");
        }
        RunReport.CheckDestination(options.Report);
        if (options.NoBuildIsolation)
        {
            throw new UsageException("--no-build-isolation builds in a target environment, and dfi warm has none; warm with isolated builds.");
        }
        var requests = Requests(options);
        using var run = new RunContext(options, options.FailFast, log);
        var planner = new EnvironmentPlanner(run, log);

        var plans = new List<EnvironmentPlan>();
        var planningFailures = new List<ReportEnvironment>();
        foreach (var request in requests)
        {
            try
            {
                plans.Add(await planner.PlanWarmAsync(request, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception exception) when (!options.FailFast && exception is not OperationCanceledException && CommandErrors.IsKnown(exception))
            {
                log.Error("{Message}", exception.Message);
                planningFailures.Add(ReportEnvironment.PlanningFailed(request.Name, exception.Message));
            }
        }

        var wheelhouse = options.Wheelhouse is { } folder ? Path.GetFullPath(folder) : null;
        var pipeline = run.PipelineOptions with { PrepareOnly = true, KeepWheelsIn = wheelhouse };
        var result = await run.RunPipelineAsync(plans, cancellationToken, pipeline).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var failure in result.Failures)
        {
            log.Error("{Failure}", failure.ToString());
        }

        var jobs = result.Artifacts;
        var failed = jobs.Count(job => job.Failure is { IsCancellation: false });
        var cached = jobs.Count(job => job.Failure is null && job.CacheHit);
        var built = jobs.Count(job => job.Failure is null && !job.CacheHit && job.IsBuilt);
        var fetched = jobs.Count(job => job.Failure is null && !job.CacheHit && !job.IsBuilt);
        var projects = wheelhouse is null ? 0 : await WheelhouseWriter.UpdateAsync(wheelhouse, cancellationToken).ConfigureAwait(false);

        if (options.Report != RunReport.Stdout)
        {
            Console.Out.WriteLine(
                $"Warmed {jobs.Count} file{(jobs.Count == 1 ? "" : "s")} for {plans.Count} interpreter/requirements set{(plans.Count == 1 ? "" : "s")} " +
                $"in {clock.Elapsed.TotalSeconds:0.00}s: {fetched} downloaded, {built} built, {cached} already cached, {failed} failed");
            if (wheelhouse is not null)
            {
                Console.Out.WriteLine($"Wheelhouse {wheelhouse}: {projects} project{(projects == 1 ? "" : "s")} in {Path.Combine(wheelhouse, WheelhouseWriter.SimpleFolder)}");
            }
        }
        if (options.Report is { } destination)
        {
            // Warm installs nothing: each interpreter/requirements set is ok when every file it needs is in the cache.
            var environments = result.Environments.Select(environment => ReportEnvironment.From(environment.Plan.Name, environment.Plan, environment) with { Unchanged = [] })
                .Concat(planningFailures)
                .ToList();
            await RunReport.WriteAsync(destination, RunReport.Render("warm", environments, result, clock.Elapsed), cancellationToken).ConfigureAwait(false);
        }
        return failed + planningFailures.Count == 0 && result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    // Requirements files for each --python; a manifest's environments for their own interpreter (else each --python).
    private static List<EnvironmentRequest> Requests(WarmOptions options)
    {
        var pythons = options.Pythons.Select(TargetEnvironment.FindOnPath).DefaultIfEmpty(TargetEnvironment.FindOnPath("python3")).Distinct().ToList();
        // The night before a `sync --target --platform ...`: the files for that interpreter, chosen as that sync chooses them.
        var foreign = options.ForeignInterpreter();
        var requests = new List<EnvironmentRequest>();
        var files = options.Requirements.ToList();
        if (files.Count > 0)
        {
            requests.AddRange(pythons.Select(python => new EnvironmentRequest($"{string.Join(", ", files)} for {python}", python, files, Foreign: foreign)));
        }
        if (options.Manifest is { } manifest)
        {
            foreach (var environment in BatchManifestReader.Read(manifest))
            {
                var interpreters = environment.Python is { } own ? [TargetEnvironment.FindOnPath(own)] : pythons;
                // A target's own platform keys say what its sync will choose; the command line's apply to the rest.
                requests.AddRange(interpreters.Select(python => new EnvironmentRequest(
                    $"{environment.Path} for {python}", python, environment.Requirements, environment.IndexUrl, environment.ExtraIndexUrls, environment.FindLinks, environment.NoIndex,
                    Foreign: environment.Foreign ?? foreign)));
            }
        }
        return requests;
    }
}
