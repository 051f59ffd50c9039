namespace Dataflow.Installer.Install;

/// <summary>How a sync's installs run so that a file two of them write ends as pip would leave it (<see cref="FileClashes"/>).</summary>
/// <param name="Units">Indexes into the installs: each unit's installs run one after another, the units side by side.</param>
/// <param name="Warnings">One line per pair of distributions that write a file with different contents.</param>
internal sealed record FileClashPlan(IReadOnlyList<IReadOnlyList<int>> Units, IReadOnlyList<string> Warnings);
