using System.Security.Cryptography;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Unzip;

/// <summary>A wheel's own RECORD, used to check every member while it is unzipped (PEP 427, PEP 376).</summary>
internal sealed class WheelRecord
{
    private readonly string _distInfo;
    private readonly Dictionary<string, RecordEntry> _entries;
    private readonly HashSet<string> _verified = new(StringComparer.Ordinal);

    private WheelRecord(string distInfo, Dictionary<string, RecordEntry> entries)
    {
        _distInfo = distInfo;
        _entries = entries;
    }

    /// <summary>The wheel's <c>.dist-info</c> folder, as the archive names it.</summary>
    public string DistInfo => _distInfo;

    public static WheelRecord Parse(string distInfo, string text, string wheelFilename)
    {
        IReadOnlyList<RecordEntry> rows;
        try
        {
            rows = RecordFile.Parse(text);
        }
        catch (FormatException exception)
        {
            throw new UnzipException($"{wheelFilename}: {distInfo}/RECORD is malformed: {exception.Message}", exception);
        }
        var entries = new Dictionary<string, RecordEntry>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            entries[row.Path] = row;
        }
        return new WheelRecord(distInfo, entries);
    }

    public HashAlgorithmName Algorithm(string member) =>
        _entries.TryGetValue(member, out var entry) && entry.Hash is { } hash
            ? hash.Algorithm switch
            {
                "sha384" => HashAlgorithmName.SHA384,
                "sha512" => HashAlgorithmName.SHA512,
                _ => HashAlgorithmName.SHA256,
            }
            : HashAlgorithmName.SHA256;

    /// <summary>True when RECORD lists <paramref name="member"/>, or need not (RECORD itself and its signatures, PEP 427).</summary>
    public bool Lists(string member) => IsExempt(member) || _entries.ContainsKey(member);

    /// <summary>Throws unless <paramref name="member"/> is listed in RECORD with this digest and size.</summary>
    public void Verify(string member, byte[] digest, long size, string wheelFilename)
    {
        if (IsExempt(member))
        {
            return;
        }
        if (!_entries.TryGetValue(member, out var entry))
        {
            throw new UnzipException($"{wheelFilename}: member '{member}' is not listed in RECORD");
        }
        if (entry.Hash is { } expected && IsVerifiable(expected) && !CryptographicOperations.FixedTimeEquals(expected.Digest, digest))
        {
            throw new UnzipException($"{wheelFilename}: member '{member}' does not match its RECORD hash");
        }
        if (entry.Size is { } expectedSize && expectedSize != size)
        {
            throw new UnzipException($"{wheelFilename}: member '{member}' is {size} bytes but RECORD says {expectedSize}");
        }
        _verified.Add(member);
    }

    // PEP 427 asks for sha256 or stronger; a row with another algorithm (md5, sha1, blake2b) is not checked, as pip checks
    // no row: refusing the wheel would say its file is corrupt when only its RECORD is old-fashioned.
    private static bool IsVerifiable(RecordHash hash) => hash.Algorithm is RecordHash.DefaultAlgorithm or "sha384" or "sha512";

    // RECORD cannot contain its own hash; its signatures are not listed either (PEP 427).
    private bool IsExempt(string member) =>
        member == _distInfo + "/RECORD" || member == _distInfo + "/RECORD.jws" || member == _distInfo + "/RECORD.p7s";

    /// <summary>
    /// Throws when RECORD lists a file the tree does not hold: installs link every listed file from the cache, so
    /// a cached tree whose RECORD names a missing file is refused (an import checks every entry so).
    /// </summary>
    public void EnsureComplete(string wheelFilename)
    {
        if (Missing() is [var first, ..])
        {
            throw new UnzipException($"{wheelFilename}: RECORD lists '{first}', which the archive does not hold");
        }
    }

    /// <summary>The files RECORD lists that were not verified (not in the archive), in RECORD's order.</summary>
    public IReadOnlyList<string> Missing() =>
        [.. _entries.Keys.Where(path => !path.EndsWith('/') && path != _distInfo + "/RECORD" && !_verified.Contains(path))];
}
