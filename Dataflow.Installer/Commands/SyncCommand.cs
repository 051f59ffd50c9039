using System.Diagnostics;
using Dataflow.Installer.Environments;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi sync</c>: plan the one environment without the network, then one pipeline run.</summary>
internal sealed class SyncCommand(ILogger log)
{
    public async Task<int> RunAsync(SyncOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interpreterPath = TargetEnvironment.ResolveInterpreter(options.Python);
        using var run = new RunContext(options, failFast: true, log);
        var request = new EnvironmentRequest(options.Python ?? interpreterPath, interpreterPath, options.Requirements.ToList());
        var plan = await new EnvironmentPlanner(run, log).PlanAsync(request, cancellationToken).ConfigureAwait(false);
        plan = plan with { Name = plan.Interpreter.Prefix };

        if (plan.IsEmpty)
        {
            Console.Out.WriteLine($"Audited {SyncSummary.Count(plan.Unchanged.Count)} in {clock.Elapsed.TotalSeconds:0.00}s: nothing to do");
            return ExitCodes.Success;
        }
        if (options.DryRun)
        {
            SyncSummary.WritePlan(Console.Out, plan, clock.Elapsed);
            return ExitCodes.Success;
        }

        var result = await run.RunPipelineAsync([plan], cancellationToken).ConfigureAwait(false);
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
                ? $"The sync of {plan.Name} failed while changing it ({environment.Removed.Count} removed, {environment.Installed.Count} installed before the failure)."
                : $"The sync of {plan.Name} failed; the environment was not changed.");
        }
        SyncSummary.WriteResult(Console.Out, result.Environments[0], clock.Elapsed);
        return ExitCodes.Success;
    }
}
