using System.Diagnostics;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Reports;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi sync</c>: plan the one environment without the network, then one pipeline run.</summary>
internal sealed class SyncCommand(ILogger log)
{
    public async Task<int> RunAsync(SyncOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (options.Report is not null && options.DryRun)
        {
            throw new UsageException("--report records what a sync did, and --dry-run does nothing: use one or the other.");
        }
        RunReport.CheckDestination(options.Report);
        if (options.Target is not null && options.Prefix is not null)
        {
            throw new UsageException("--target and --prefix both say where to install: use one of them.");
        }
        var foreign = ForeignFrom(options);
        var interpreterPath = TargetEnvironment.ResolveForSync(options.Python, options.System, options.Target is not null || options.Prefix is not null);
        using var run = new RunContext(options, failFast: true, log);
        var request = new EnvironmentRequest(options.Python ?? interpreterPath, interpreterPath, options.Requirements.ToList(),
            Target: options.Target, Prefix: options.Prefix, System: options.System, BreakSystemPackages: options.BreakSystemPackages, Foreign: foreign);
        EnvironmentPlan plan;
        try
        {
            plan = await new EnvironmentPlanner(run, log).PlanAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (options.Report is not null && exception is not OperationCanceledException && CommandErrors.IsKnown(exception))
        {
            await ReportAsync(options, ReportEnvironment.PlanningFailed(request.Name, exception.Message), null, clock, cancellationToken).ConfigureAwait(false);
            throw;
        }
        plan = plan with { Name = plan.Interpreter.Prefix };

        if (plan.IsEmpty)
        {
            if (options.Report != RunReport.Stdout)
            {
                Console.Out.WriteLine($"Audited {SyncSummary.Count(plan.Unchanged.Count)} in {clock.Elapsed.TotalSeconds:0.00}s: nothing to do");
            }
            await ReportAsync(options, ReportEnvironment.From(plan.Name, plan, null), null, clock, cancellationToken).ConfigureAwait(false);
            if (options.Strict)
            {
                StrictCheck.Warn(plan, log);
            }
            return ExitCodes.Success;
        }
        if (options.DryRun)
        {
            SyncSummary.WritePlan(Console.Out, plan, clock.Elapsed);
            return ExitCodes.Success;
        }

        if (options.Target is not null || options.Prefix is not null)
        {
            // As pip's --target and --prefix: the folder is made for the first sync into it (a dry run made nothing).
            Directory.CreateDirectory(plan.Interpreter.Prefix);
        }
        var result = await run.RunPipelineAsync([plan], cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var environment = result.Environments[0];
        if (!result.Succeeded)
        {
            foreach (var failure in result.Failures)
            {
                log.Error("{Failure}", failure.ToString());
            }
            await ReportAsync(options, ReportEnvironment.From(plan.Name, plan, environment), result, clock, cancellationToken).ConfigureAwait(false);
            var touched = environment.Installed.Count + environment.Removed.Count > 0;
            throw new SyncFailedException(touched
                ? $"The sync of {plan.Name} failed while changing it ({environment.Removed.Count} removed, {environment.Installed.Count} installed before the failure)."
                : $"The sync of {plan.Name} failed; the environment was not changed.");
        }
        if (options.Report != RunReport.Stdout)
        {
            SyncSummary.WriteResult(Console.Out, environment, clock.Elapsed);
        }
        await ReportAsync(options, ReportEnvironment.From(plan.Name, plan, environment), result, clock, cancellationToken).ConfigureAwait(false);
        if (options.Strict)
        {
            StrictCheck.Warn(plan, log);
        }
        return ExitCodes.Success;
    }

    // pip's rule: files for another interpreter go into a --target folder (or nowhere, in a dry run), never into an
    // environment that interpreter runs. The asked interpreter could not compile their bytecode either.
    private static ForeignInterpreter? ForeignFrom(SyncOptions options)
    {
        var foreign = options.ForeignInterpreter();
        if (foreign is null)
        {
            return null;
        }
        if (options.Target is null && !options.DryRun)
        {
            throw new UsageException("--python-version, --implementation, --platform, --python-platform and --abi choose files for another interpreter: they need --target DIR (or --dry-run), as with pip.");
        }
        if (options.CompileBytecode && (foreign.Version is not null || foreign.Implementation is not null))
        {
            throw new UsageException("--compile-bytecode compiles with the interpreter dfi runs, not the one --python-version or --implementation names: compile with that one instead.");
        }
        return foreign;
    }

    private static async Task ReportAsync(SyncOptions options, ReportEnvironment environment, PipelineResult? result, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (options.Report is { } destination)
        {
            await RunReport.WriteAsync(destination, RunReport.Render("sync", [environment], result, clock.Elapsed), cancellationToken).ConfigureAwait(false);
        }
    }
}
