using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Pipeline;

/// <summary>What happened to one environment.</summary>
public sealed record EnvironmentResult(
    EnvironmentPlan Plan,
    IReadOnlyList<InstalledDistribution> Installed,
    IReadOnlyList<InstalledDistribution> Removed,
    IReadOnlyList<StageFailure> Failures)
{
    public bool Succeeded => Failures.Count == 0;

    public static EnvironmentResult Failed(EnvironmentPlan plan, IReadOnlyList<StageFailure> failures) => new(plan, [], [], failures);
}
