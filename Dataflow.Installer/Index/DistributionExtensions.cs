namespace Dataflow.Installer.Index;

/// <summary>The file name endings of wheels (PEP 427) and of the source distribution archives installers still accept.</summary>
internal static class DistributionExtensions
{
    public static IReadOnlyList<string> All { get; } = [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.zst"];

    public static bool IsDistribution(string filename) =>
        All.Any(extension => filename.Length > extension.Length && filename.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
