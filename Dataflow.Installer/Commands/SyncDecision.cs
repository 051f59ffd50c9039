using Dataflow.Installer.Environments;
using Dataflow.Installer.Requirements;

namespace Dataflow.Installer.Commands;

/// <summary>What sync must do before any file is chosen: which requirements need a file, what stays, what goes.</summary>
internal sealed record SyncDecision(
    IReadOnlyList<(WantedDistribution Wanted, InstalledDistribution? Replaces)> ToFetch,
    IReadOnlyList<InstalledDistribution> Unchanged,
    IReadOnlyList<InstalledDistribution> Removals);
