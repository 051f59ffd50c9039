namespace Dataflow.Installer.Index;

/// <summary>One distribution file offered by an index page or a find-links location.</summary>
/// <param name="Filename">The file's name (the last path component of its URL, percent-decoded).</param>
/// <param name="Url">Where to fetch it: absolute, without fragment; may carry the index's credentials.</param>
/// <param name="Hashes">Algorithm (lowercase) to lowercase hex digest, from the URL fragment (PEP 503) or <c>hashes</c> (PEP 691).</param>
/// <param name="RequiresPython">The PEP 345 <c>Requires-Python</c> specifier, HTML-unescaped; null when not given.</param>
/// <param name="Yanked">PEP 592: the file should only be chosen by an exact <c>==</c> pin.</param>
/// <param name="YankedReason">The reason the uploader gave, if any.</param>
/// <param name="Size">The size in bytes (PEP 700, JSON only).</param>
/// <param name="HasCoreMetadata">PEP 658/714: the METADATA file is served at <c>{Url}.metadata</c>.</param>
/// <param name="CoreMetadataHashes">Hashes of that METADATA file, when the index gave them.</param>
/// <param name="Origin">The index page or find-links location the file came from (credentials redacted), for messages.</param>
/// <param name="UploadTime">When it was uploaded (PEP 700 <c>upload-time</c>, JSON only); null when the index does not say.</param>
internal sealed record IndexFile(
    string Filename,
    Uri Url,
    IReadOnlyDictionary<string, string> Hashes,
    string? RequiresPython,
    bool Yanked,
    string? YankedReason,
    long? Size,
    bool HasCoreMetadata,
    IReadOnlyDictionary<string, string> CoreMetadataHashes,
    string Origin,
    DateTimeOffset? UploadTime = null)
{
    /// <summary>An empty hash map shared by files without hashes.</summary>
    public static IReadOnlyDictionary<string, string> NoHashes { get; } = new Dictionary<string, string>();
}
