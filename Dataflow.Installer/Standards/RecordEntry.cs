namespace Dataflow.Installer.Standards;

/// <summary>One row of a RECORD file: a path relative to the folder holding the .dist-info, its hash and size (PEP 376).</summary>
/// <param name="Path">Forward-slash path; files outside site-packages use <c>../</c> (e.g. <c>../../../bin/tool</c>).</param>
/// <param name="Hash">Null for RECORD itself and for files whose hash is unknown (e.g. <c>.pyc</c> written later).</param>
/// <param name="Size">Size in bytes; null when the column is empty.</param>
public sealed record RecordEntry(string Path, RecordHash? Hash, long? Size);
