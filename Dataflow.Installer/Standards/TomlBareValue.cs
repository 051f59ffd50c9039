namespace Dataflow.Installer.Standards;

/// <summary>A TOML value that is neither a string, an array nor a table (a number, boolean or date), kept as written.</summary>
internal sealed record TomlBareValue(string Text);
