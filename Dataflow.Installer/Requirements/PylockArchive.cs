namespace Dataflow.Installer.Requirements;

/// <summary>A file a <c>pylock.toml</c> names: a wheel, an sdist, or an archive.</summary>
/// <param name="FileName">Its file name: the lock's <c>name</c>, else the last part of its URL or path.</param>
/// <param name="Location">An absolute URL; a path in the lock is made absolute against the lock file's folder.</param>
/// <param name="Hashes">Algorithm to lowercase hex digest; PEP 751 requires at least one.</param>
/// <param name="Size">Its size in bytes, when the lock says.</param>
internal sealed record PylockArchive(string FileName, Uri Location, IReadOnlyDictionary<string, string> Hashes, long? Size);
