namespace Dataflow.Installer.Cache;

/// <summary>What <c>dfi cache import</c> did with each entry of the archive.</summary>
/// <param name="Published">Entries new to this cache, now in it.</param>
/// <param name="AlreadyCached">Entries this cache held already; the existing one was kept.</param>
/// <param name="Rejected">Entries that failed verification and were skipped, each <c>path: reason</c>.</param>
/// <param name="Ignored">Members outside the buckets dfi imports, each <c>path: reason</c>.</param>
internal sealed record ImportResult(int Published, int AlreadyCached, IReadOnlyList<string> Rejected, IReadOnlyList<string> Ignored);
