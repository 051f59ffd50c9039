using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Commands;

/// <summary>The results on stdout: a summary line, then one sorted line per change.</summary>
internal static class SyncSummary
{
    public static void WriteResult(TextWriter output, EnvironmentResult result, TimeSpan elapsed)
    {
        if (result.Removed.Count > 0)
        {
            output.WriteLine($"Uninstalled {Count(result.Removed.Count)}");
        }
        output.WriteLine($"Installed {Count(result.Installed.Count)} in {elapsed.TotalSeconds:0.00}s");
        var lines = result.Removed.Select(distribution => (Key: Key(distribution), Text: $" - {Key(distribution)}=={Shown(distribution)}", Order: 0))
            .Concat(result.Installed.Select(distribution => (Key: Key(distribution), Text: $" + {Key(distribution)}=={Shown(distribution)}", Order: 1)))
            .OrderBy(line => line.Key, StringComparer.Ordinal)
            .ThenBy(line => line.Order);
        foreach (var line in lines)
        {
            output.WriteLine(line.Text);
        }
    }

    public static void WritePlan(TextWriter output, EnvironmentPlan plan, TimeSpan elapsed)
    {
        output.WriteLine($"Would change {plan.Name}: {plan.Installs.Count(install => install.Replaces is null)} to install, "
            + $"{plan.Installs.Count(install => install.Replaces is not null)} to replace, {plan.Removals.Count} to remove, "
            + $"{plan.Unchanged.Count} unchanged (planned in {elapsed.TotalSeconds:0.00}s; dry run, nothing changed)");
        var lines = plan.Installs.Select(install => install.Replaces is null
                ? (Key: install.Artifact.Name.Normalized, Text: $" + {Planned(install.Artifact)}")
                : (Key: install.Artifact.Name.Normalized, Text: $" ~ {install.Artifact.Name}=={Shown(install.Replaces)} -> {Arriving(install.Artifact)}"))
            .Concat(plan.Removals.Select(distribution => (Key: Key(distribution), Text: $" - {Key(distribution)}=={Shown(distribution)}")))
            .OrderBy(line => line.Key, StringComparer.Ordinal);
        foreach (var line in lines)
        {
            output.WriteLine(line.Text);
        }
    }

    // A project folder's or git requirement's version is known once it is built; until then the plan names where it comes from.
    private static string Planned(DistributionArtifact artifact) =>
        artifact.Version.Length > 0 ? $"{artifact.Name}=={artifact.Version}" : artifact.Display;

    private static string Arriving(DistributionArtifact artifact) =>
        artifact.Version.Length > 0 ? artifact.Version : artifact.Display;

    private static string Key(InstalledDistribution distribution) =>
        PackageName.TryParse(distribution.Name, out var name) ? name.Normalized : distribution.Name;

    // As pip and uv show a version: PEP 440's normal form (2020.01.01 is 2020.1.1), whatever METADATA spelled.
    private static string Shown(InstalledDistribution distribution) =>
        PackageVersion.TryParse(distribution.Version, out var version) ? version.ToString() : distribution.Version;

    public static string Count(int count) => count == 1 ? "1 package" : $"{count} packages";
}
