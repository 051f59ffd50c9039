namespace Dataflow.Installer.Requirements;

/// <summary>One option of a requirements line as written (<see cref="Spelling"/>) with its value, if it takes one.</summary>
internal readonly record struct ParsedOption(RequirementsOption Option, string Spelling, string? Value);
