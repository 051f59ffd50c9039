using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Reports;

/// <summary>One environment's entry in a report: what changed in it, what was kept, or why it failed.</summary>
/// <param name="Path">The environment as the user named it (for <c>warm</c>: the requirements and the interpreter).</param>
/// <param name="Status"><c>ok</c>, <c>unchanged</c> or <c>failed</c>.</param>
/// <param name="Error">The failures in one sentence, for people; <paramref name="Failures"/> has them one by one.</param>
internal sealed record ReportEnvironment(
    string Path,
    string Status,
    IReadOnlyList<InstalledDistribution> Installed,
    IReadOnlyList<InstalledDistribution> Removed,
    IReadOnlyList<InstalledDistribution> Unchanged,
    IReadOnlyList<StageFailure> Failures,
    string? Error)
{
    public const string Ok = "ok";
    public const string NoChange = "unchanged";
    public const string Failed = "failed";

    /// <summary>An environment the pipeline ran for (<paramref name="result"/>), or that needed nothing (no result).</summary>
    public static ReportEnvironment From(string path, EnvironmentPlan plan, EnvironmentResult? result)
    {
        if (result is null)
        {
            return new ReportEnvironment(path, NoChange, [], [], plan.Unchanged, [], null);
        }
        var failures = Reported(result.Failures);
        return new ReportEnvironment(
            path,
            result.Succeeded ? Ok : Failed,
            result.Installed,
            result.Removed,
            plan.Unchanged,
            failures,
            failures.Count == 0 ? null : string.Join("; ", failures.Select(failure => failure.ToString())));
    }

    /// <summary>An environment that failed before its pipeline: planning (reading requirements, finding files) is the find stage.</summary>
    public static ReportEnvironment PlanningFailed(string path, string message) =>
        new(path, Failed, [], [], [], [new StageFailure(path, PipelineStage.Find, message)], message);

    /// <summary>The real failures; the cancellations they caused only when nothing else explains the environment's failure.</summary>
    public static IReadOnlyList<StageFailure> Reported(IReadOnlyList<StageFailure> failures)
    {
        var real = failures.Where(failure => !failure.IsCancellation).Distinct().ToList();
        return real.Count > 0 ? real : failures.Distinct().ToList();
    }
}
