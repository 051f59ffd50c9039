namespace Dataflow.Installer.Download;

/// <summary>A distribution archive on local disk with its verified sha256.</summary>
/// <param name="Path">Where it is: the run's scratch folder, or the user's own file for local sources.</param>
/// <param name="Sha256">Lowercase hex.</param>
/// <param name="IsScratch">True when the file belongs to the run and may be deleted after use.</param>
public sealed record DownloadedArchive(string Path, string Sha256, long Size, bool IsScratch);
