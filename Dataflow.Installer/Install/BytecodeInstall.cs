using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>A wheel just installed, with what compiling its bytecode needs: its modules and its RECORD rows.</summary>
/// <param name="Distribution">The installed distribution.</param>
/// <param name="LibDirectory">The folder holding its .dist-info, which RECORD paths are relative to.</param>
/// <param name="Record">The rows its RECORD was written with.</param>
/// <param name="Placements">Where each of its files went.</param>
/// <param name="Scheme">The scheme it was installed with.</param>
internal sealed record BytecodeInstall(
    InstalledDistribution Distribution,
    string LibDirectory,
    IReadOnlyList<RecordEntry> Record,
    IReadOnlyList<WheelPlacement> Placements,
    SchemePaths Scheme)
{
    private IReadOnlyList<string>? _sources;

    /// <summary>
    /// Full paths of the <c>.py</c> files it placed into purelib or platlib (pip compiles those; scripts and data are not
    /// modules); found when first asked, as only compiling bytecode asks.
    /// </summary>
    public IReadOnlyList<string> Sources => _sources ??= FindSources();

    private List<string> FindSources()
    {
        var libraries = new[] { Scheme.Purelib, Scheme.Platlib }
            .Select(folder => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return Placements
            .Where(placement => !placement.IsScript && placement.Target.EndsWith(".py", StringComparison.Ordinal)
                && libraries.Any(library => placement.Target.StartsWith(library, StringComparison.Ordinal)))
            .Select(placement => placement.Target)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
