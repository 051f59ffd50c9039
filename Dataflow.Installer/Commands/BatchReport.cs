using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Reports;

namespace Dataflow.Installer.Commands;

/// <summary>The <c>--report</c> JSON of a batch: its environments' outcomes in the shared <see cref="RunReport"/> schema.</summary>
internal static class BatchReport
{
    public static Task WriteAsync(string path, IReadOnlyList<BatchEnvironmentOutcome> outcomes, PipelineResult? result, TimeSpan elapsed, CancellationToken cancellationToken) =>
        RunReport.WriteAsync(path, RunReport.Render("batch", outcomes.Select(Entry).ToList(), result, elapsed), cancellationToken);

    private static ReportEnvironment Entry(BatchEnvironmentOutcome outcome)
    {
        var path = outcome.Environment.Path;
        if (outcome.Result is { } result)
        {
            return ReportEnvironment.From(path, outcome.Plan!, result) with { Error = outcome.Error };
        }
        if (outcome.Plan is { } plan && outcome.Error is null)
        {
            return ReportEnvironment.From(path, plan, null);
        }
        // Failed in planning, or not run because another environment failed under --fail-fast.
        var failure = new StageFailure(path, outcome.Plan is null ? PipelineStage.Find : PipelineStage.Install, outcome.Error ?? "not run",
            outcome.Plan is null ? null : new OperationCanceledException(outcome.Error));
        return new ReportEnvironment(path, ReportEnvironment.Failed, [], [], outcome.Plan?.Unchanged ?? [], [failure], outcome.Error);
    }
}
