namespace Dataflow.Installer.Requirements;

/// <summary>A line of a requirements file after joining continuations, removing comments and expanding variables.</summary>
/// <param name="Number">The 1-based number of its first physical line.</param>
internal readonly record struct LogicalLine(int Number, string Text);
