using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>A wheel just installed, with what compiling its bytecode needs: its modules and its RECORD rows.</summary>
/// <param name="Distribution">The installed distribution.</param>
/// <param name="LibDirectory">The folder holding its .dist-info, which RECORD paths are relative to.</param>
/// <param name="Record">The rows its RECORD was written with.</param>
/// <param name="Placements">Where each of its files went.</param>
internal sealed record BytecodeInstall(
    InstalledDistribution Distribution,
    string LibDirectory,
    IReadOnlyList<RecordEntry> Record,
    IReadOnlyList<WheelPlacement> Placements)
{
    private IReadOnlyList<string>? _sources;

    /// <summary>
    /// Every <c>.py</c> file it placed, whatever the scheme: pip compiles each installed file whose name ends in
    /// <c>.py</c>, a script in <c>bin/</c> (docutils' <c>rst2html.py</c>) or a data file too, not only modules. Each is
    /// named as pip names it to the compiler, the library folder joined with its RECORD path
    /// (<c>.../site-packages/../../../bin/rst2html.py</c>), since that name is the code's <c>co_filename</c> in the
    /// <c>.pyc</c>. Found when first asked, as only compiling bytecode asks.
    /// </summary>
    public IReadOnlyList<string> Sources => _sources ??= FindSources();

    private List<string> FindSources() =>
        Placements
            .Where(placement => placement.Target.EndsWith(".py", StringComparison.Ordinal))
            .Select(placement => LibDirectory + "/" + Path.GetRelativePath(LibDirectory, placement.Target))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
