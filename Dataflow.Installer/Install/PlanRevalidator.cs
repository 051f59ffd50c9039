using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>
/// Checks a plan against what the environment holds once its lock is taken: another run may have changed it
/// between this run's planning and its install (two syncs on one environment, or a journal rolled back).
/// </summary>
internal static class PlanRevalidator
{
    /// <summary>
    /// The plan itself when the environment is as planned; else the same target (what stays plus what arrives)
    /// applied to what is there now. Throws when something the plan keeps has gone, since no file was fetched for it.
    /// </summary>
    public static EnvironmentPlan Revalidate(EnvironmentPlan plan, IReadOnlyList<InstalledDistribution> current)
    {
        var planned = plan.Unchanged.Concat(plan.Removals).Concat(plan.Installs.Select(install => install.Replaces).OfType<InstalledDistribution>())
            .Select(distribution => FullPath(distribution.DistInfoPath))
            .ToHashSet(StringComparer.Ordinal);
        var now = current.Select(distribution => FullPath(distribution.DistInfoPath)).ToHashSet(StringComparer.Ordinal);
        if (planned.SetEquals(now))
        {
            return plan;
        }

        foreach (var kept in plan.Unchanged.Where(distribution => !now.Contains(FullPath(distribution.DistInfoPath))))
        {
            throw new InstallationException(
                $"{plan.Interpreter.Prefix} changed while this run was preparing (another dfi run?): {kept.Name} {kept.Version} is no longer installed. Run again.");
        }

        var byName = current.ToLookup(distribution => PackageName.NormalizeAny(distribution.Name));
        plan = KeepWhatArrivedAsPlanned(plan, byName);
        var unchangedPaths = plan.Unchanged.Select(distribution => FullPath(distribution.DistInfoPath)).ToHashSet(StringComparer.Ordinal);
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var installs = plan.Installs.Select(install =>
        {
            var present = byName[install.Artifact.Name.Normalized].Where(distribution => !unchangedPaths.Contains(FullPath(distribution.DistInfoPath))).ToList();
            var replaces = present.FirstOrDefault(distribution => !distribution.IsEggInfo) ?? present.FirstOrDefault();
            if (replaces is not null)
            {
                replaced.Add(FullPath(replaces.DistInfoPath));
            }
            return install with { Replaces = replaces };
        }).ToList();

        var plannedRemovals = plan.Removals.Select(distribution => FullPath(distribution.DistInfoPath)).ToHashSet(StringComparer.Ordinal);
        var targetNames = plan.Unchanged.Select(distribution => PackageName.NormalizeAny(distribution.Name))
            .Concat(plan.Installs.Select(install => install.Artifact.Name.Normalized))
            .ToHashSet(StringComparer.Ordinal);
        var removals = current.Where(distribution =>
        {
            var path = FullPath(distribution.DistInfoPath);
            if (unchangedPaths.Contains(path) || replaced.Contains(path))
            {
                return false;
            }
            if (plannedRemovals.Contains(path) || targetNames.Contains(PackageName.NormalizeAny(distribution.Name)))
            {
                return true;
            }
            // Arrived since planning and not wanted. The planner's rules for what sync keeps (pip, setuptools and
            // wheel unless --exact; a legacy install without a file list) are kept here on the safe side: leave it.
            return planned.Contains(path) is false && distribution.CanBeRemoved && !IsSeed(distribution);
        }).ToList();
        return plan with { Installs = installs, Removals = removals };
    }

    // Another run may have installed meanwhile exactly what this plan brings (two syncs of one environment from one
    // requirements file): that is kept, as the planner would have kept it had it been there, instead of being replaced
    // by the same files under the feet of whatever already uses the environment. --reinstall asks for the replacement.
    private static EnvironmentPlan KeepWhatArrivedAsPlanned(EnvironmentPlan plan, ILookup<string, InstalledDistribution> byName)
    {
        if (plan.Reinstall)
        {
            return plan;
        }
        var planned = plan.Unchanged.Select(distribution => FullPath(distribution.DistInfoPath)).ToHashSet(StringComparer.Ordinal);
        var installs = new List<PlannedInstall>();
        var arrived = new List<InstalledDistribution>();
        foreach (var install in plan.Installs)
        {
            var present = byName[install.Artifact.Name.Normalized].Where(distribution => !planned.Contains(FullPath(distribution.DistInfoPath))).ToList();
            if (present is [{ IsEggInfo: false } only] && IsWhatIsPlanned(only, install) && !plan.Reinstalls(install.Artifact.Name))
            {
                arrived.Add(only);
            }
            else
            {
                installs.Add(install);
            }
        }
        return arrived.Count == 0 ? plan : plan with { Installs = installs, Unchanged = [.. plan.Unchanged, .. arrived] };
    }

    private static bool IsWhatIsPlanned(InstalledDistribution distribution, PlannedInstall install) =>
        PackageVersion.TryParse(distribution.Version, out var version) && PackageVersion.TryParse(install.Artifact.Version, out var planned)
        && version == planned
        && DirectUrl.RecordedIn(distribution) == (install.IsDirectReference ? DirectUrl.Recorded(install.Artifact.Url) : null);

    private static bool IsSeed(InstalledDistribution distribution) => PackageName.NormalizeAny(distribution.Name) is "pip" or "setuptools" or "wheel";


    private static string FullPath(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
