using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

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

    /// <summary>Planned with <c>--reinstall-package</c>: these are replaced even when already what the plan brings.</summary>
    public IReadOnlySet<PackageName> ReinstallPackages { get; init; } = new HashSet<PackageName>();

    /// <summary>Whether the distribution <paramref name="name"/> is replaced even when already right.</summary>
    public bool Reinstalls(PackageName name) => Reinstall || ReinstallPackages.Contains(name);
}
