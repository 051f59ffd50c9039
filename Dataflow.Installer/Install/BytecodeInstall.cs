using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>A wheel just installed, with what compiling its bytecode needs: its modules and its RECORD rows.</summary>
/// <param name="Distribution">The installed distribution.</param>
/// <param name="LibDirectory">The folder holding its .dist-info, which RECORD paths are relative to.</param>
/// <param name="Record">The rows its RECORD was written with.</param>
/// <param name="Sources">Full paths of the <c>.py</c> files it placed into purelib or platlib.</param>
internal sealed record BytecodeInstall(InstalledDistribution Distribution, string LibDirectory, IReadOnlyList<RecordEntry> Record, IReadOnlyList<string> Sources);
