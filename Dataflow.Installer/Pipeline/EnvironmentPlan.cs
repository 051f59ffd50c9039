using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Pipeline;

/// <summary>What one environment needs: installs (some replacing), removals, and what is already right.</summary>
/// <param name="Name">The environment as the user named it, for messages.</param>
public sealed record EnvironmentPlan(
    string Name,
    InterpreterInfo Interpreter,
    IReadOnlyList<PlannedInstall> Installs,
    IReadOnlyList<InstalledDistribution> Removals,
    IReadOnlyList<InstalledDistribution> Unchanged)
{
    public bool IsEmpty => Installs.Count == 0 && Removals.Count == 0;

    /// <summary>Planned with <c>--reinstall</c>: what is installed is replaced even when it is already what the plan brings.</summary>
    public bool Reinstall { get; init; }

    /// <summary>Planned with <c>--reinstall-package</c>: these (normalised names) are replaced even when already what the plan brings.</summary>
    public IReadOnlySet<string> ReinstallNames { get; init; } = new HashSet<string>();

    /// <summary>Whether the distribution named <paramref name="normalizedName"/> is replaced even when already right.</summary>
    public bool Reinstalls(string normalizedName) => Reinstall || ReinstallNames.Contains(normalizedName);
}
