using System.Collections.Concurrent;
using System.Diagnostics;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Reports;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>
/// Runs <c>dfi batch</c>: every environment of a manifest planned, then one pipeline for all of them, so that
/// each distinct file is fetched and unzipped once and each environment is installed as soon as its own files
/// are ready. A failure fails only the environments that need what failed, unless <c>--fail-fast</c>.
/// </summary>
internal sealed class BatchCommand(ILogger log)
{
    public async Task<int> RunAsync(BatchOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (options.NoBuildIsolation)
        {
            throw new UsageException("--no-build-isolation builds in the target environment, so it works with `dfi sync` only; build the sdists there first.");
        }
        RunReport.CheckDestination(options.Report);
        if (options.ForeignInterpreter() is not null)
        {
            throw new UsageException("--python-version, --implementation, --platform, --python-platform and --abi choose files for another interpreter than an environment's own: in a batch manifest, give them to a 'target' environment as keys of the same names.");
        }
        var environments = BatchManifestReader.Read(options.Manifest);
        if (options.CompileBytecode && environments.FirstOrDefault(environment => environment.Foreign is { Version: not null } or { Implementation: not null }) is { } foreign)
        {
            throw new UsageException($"{options.Manifest}:{foreign.Line}: --compile-bytecode compiles with the interpreter dfi runs, not the one this environment's python-version or implementation names: compile with that one instead.");
        }
        using var run = new RunContext(options, options.FailFast, log);
        var outcomes = new ConcurrentDictionary<int, BatchEnvironmentOutcome>();
        var plans = new ConcurrentDictionary<int, EnvironmentPlan>();
        var planner = new EnvironmentPlanner(run, log);

        // Planning starts Python (for new environments) and reads files: a few at a time is what the cores allow.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, environments.Count), parallel, async (index, token) =>
        {
            var environment = environments[index];
            try
            {
                var interpreter = environment.Kind == ManifestEnvironmentKind.VirtualEnvironment
                    ? await EnsureEnvironmentAsync(environment, options.Recreate, run, token).ConfigureAwait(false)
                    : TargetEnvironment.FindOnPath(environment.Python ?? "python3");
                var request = new EnvironmentRequest(environment.Path, interpreter, environment.Requirements, environment.IndexUrl,
                    environment.ExtraIndexUrls, environment.FindLinks, environment.NoIndex,
                    Target: environment.Kind == ManifestEnvironmentKind.Target ? environment.Path : null,
                    Prefix: environment.Kind == ManifestEnvironmentKind.Prefix ? environment.Path : null,
                    Foreign: environment.Foreign);
                var plan = await planner.PlanAsync(request, token).ConfigureAwait(false);
                if (plan.IsEmpty)
                {
                    outcomes[index] = new BatchEnvironmentOutcome(environment, plan, null, null);
                }
                else
                {
                    plans[index] = plan;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException && (CommandErrors.IsKnown(exception) || CommandErrors.IsUsageError(exception)))
            {
                outcomes[index] = new BatchEnvironmentOutcome(environment, null, null, CommandErrors.Describe(exception));
            }
        }).ConfigureAwait(false);

        PipelineResult? result = null;
        var planningFailed = outcomes.Values.Any(outcome => !outcome.Succeeded);
        if (plans.Count > 0 && !(options.FailFast && planningFailed))
        {
            var ordered = plans.OrderBy(pair => pair.Key).ToList();
            foreach (var (index, _) in ordered.Where(pair => environments[pair.Key].Kind != ManifestEnvironmentKind.VirtualEnvironment))
            {
                // As sync --target and --prefix: the folder is made for the first install into it.
                Directory.CreateDirectory(environments[index].Path);
            }
            result = await run.RunPipelineAsync(ordered.Select(pair => pair.Value).ToList(), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < ordered.Count; i++)
            {
                var environmentResult = result.Environments[i];
                var error = environmentResult.Succeeded ? null : Describe(environmentResult.Failures);
                outcomes[ordered[i].Key] = new BatchEnvironmentOutcome(environments[ordered[i].Key], ordered[i].Value, environmentResult, error);
            }
        }
        else
        {
            foreach (var (index, plan) in plans)
            {
                outcomes[index] = new BatchEnvironmentOutcome(environments[index], plan, null, "not run: another environment failed and --fail-fast is on");
            }
        }

        var finished = Enumerable.Range(0, environments.Count).Select(index => outcomes[index]).ToList();
        if (options.Strict)
        {
            foreach (var outcome in finished.Where(outcome => outcome.Succeeded && outcome.Plan is not null))
            {
                StrictCheck.Warn(outcome.Plan!, log);
            }
        }
        foreach (var failure in result?.Failures ?? [])
        {
            log.Error("{Failure}", failure.ToString());
        }
        if (options.Report != "-")
        {
            BatchSummary.Write(Console.Out, finished, clock.Elapsed);
        }
        if (options.Report is { } reportPath)
        {
            await BatchReport.WriteAsync(reportPath, finished, result, clock.Elapsed, cancellationToken).ConfigureAwait(false);
        }
        return finished.All(outcome => outcome.Succeeded) ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task<string> EnsureEnvironmentAsync(ManifestEnvironment environment, bool recreate, RunContext run, CancellationToken cancellationToken)
    {
        var python = Path.Combine(environment.Path, "bin", "python");
        if (!recreate && File.Exists(Path.Combine(environment.Path, "pyvenv.cfg")) && File.Exists(python))
        {
            return python;
        }
        var baseInterpreter = TargetEnvironment.FindOnPath(environment.Python ?? "python3");
        var query = await PythonInterpreter.QueryAsync(baseInterpreter, run.Cache.Path, cancellationToken).ConfigureAwait(false);
        return VirtualEnvironmentCreator.Create(environment.Path, query);
    }

    private static string Describe(IReadOnlyList<StageFailure> failures)
    {
        var real = failures.Where(failure => !failure.IsCancellation).ToList();
        return real.Count > 0 ? string.Join("; ", real.Select(failure => failure.ToString())) : failures[0].Message;
    }
}
