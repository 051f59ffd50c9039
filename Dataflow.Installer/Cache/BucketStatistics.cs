namespace Dataflow.Installer.Cache;

/// <summary>One line of <c>dfi cache stats</c>.</summary>
/// <param name="Bucket">The folder's name at the cache root.</param>
/// <param name="Entries">Whole entries: unzipped wheels, built wheels, index pages, pointers, interpreter records, or a folder's children.</param>
/// <param name="Bytes">The size of every file in the folder.</param>
/// <param name="IsCurrent">False for folders this version of dfi does not read (old layouts, debris), which prune removes.</param>
internal sealed record BucketStatistics(string Bucket, long Entries, long Bytes, bool IsCurrent);
