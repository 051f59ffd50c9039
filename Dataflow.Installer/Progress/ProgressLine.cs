namespace Dataflow.Installer.Progress;

/// <summary>One line of the display: a description, a bar from <see cref="Value"/> of <see cref="Total"/>, and the amount as text.</summary>
internal sealed record ProgressLine(ProgressLineKind Kind, string Description, double Value, double Total, string Amount);
