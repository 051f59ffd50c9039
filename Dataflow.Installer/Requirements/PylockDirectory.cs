namespace Dataflow.Installer.Requirements;

/// <summary>A project folder a <c>pylock.toml</c> names (<c>packages.directory</c>), made absolute against the lock file's folder.</summary>
internal sealed record PylockDirectory(string Folder, bool Editable);
