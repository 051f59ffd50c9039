using System.Buffers.Text;
using System.Security.Cryptography;

namespace Dataflow.Installer.Standards;

/// <summary>The hash column of a RECORD row: <c>algorithm=urlsafe_b64_nopad(digest)</c> (PEP 376, PEP 427).</summary>
public sealed record RecordHash(string Algorithm, byte[] Digest)
{
    /// <summary>The algorithm installers write; PEP 427 asks for sha256 or stronger.</summary>
    public const string DefaultAlgorithm = "sha256";

    /// <summary>Parses <c>sha256=Y0sC...</c>; the digest is unpadded URL-safe base64.</summary>
    public static RecordHash Parse(string text)
    {
        if (!TryParse(text, out var hash))
        {
            throw new FormatException($"'{text}' is not a RECORD hash (expected algorithm=urlsafe-base64-digest).");
        }
        return hash;
    }

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RecordHash? hash) =>
        TryParse(text.AsSpan(), out hash);

    /// <summary>As <see cref="TryParse(string, out RecordHash?)"/>, from a slice of a RECORD row.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RecordHash? hash)
    {
        hash = null;
        var separator = text.IndexOf('=');
        if (separator <= 0 || separator == text.Length - 1)
        {
            return false;
        }
        var algorithm = AlgorithmName(text[..separator]);
        // Writers are supposed to strip the padding, but some tools leave it; accept both.
        var encoded = text[(separator + 1)..].TrimEnd('=');
        if (!Base64Url.IsValid(encoded))
        {
            return false;
        }
        try
        {
            hash = new RecordHash(algorithm, Base64Url.DecodeFromChars(encoded));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // The names every RECORD row repeats are one string each, not one per row.
    private static string AlgorithmName(ReadOnlySpan<char> name) => name switch
    {
        "sha256" => DefaultAlgorithm,
        "sha384" => "sha384",
        "sha512" => "sha512",
        _ => name.ToString(),
    };

    /// <summary>The digest as RECORD writes it: URL-safe base64 without padding.</summary>
    public string EncodedDigest => Base64Url.EncodeToString(Digest);

    public override string ToString() => $"{Algorithm}={EncodedDigest}";

    /// <summary>Hashes bytes with <see cref="DefaultAlgorithm"/>: for what an install generates, a few hundred bytes each (see <see cref="ManagedSha256"/>).</summary>
    public static RecordHash Compute(ReadOnlySpan<byte> data) => new(DefaultAlgorithm, ManagedSha256.HashData(data));

    /// <summary>Hashes a stream with the given algorithm and returns the hash with the number of bytes read.</summary>
    public static async Task<(RecordHash Hash, long Size)> ComputeAsync(Stream stream, string algorithm, CancellationToken ct)
    {
        using var hasher = IncrementalHash.CreateHash(ToHashAlgorithmName(algorithm));
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            hasher.AppendData(buffer, 0, read);
            size += read;
        }
        return (new RecordHash(algorithm, hasher.GetHashAndReset()), size);
    }

    /// <summary>Hashes a file with the given algorithm (sha256 unless told) and returns the hash and the file's size.</summary>
    public static async Task<(RecordHash Hash, long Size)> ComputeFileAsync(string path, CancellationToken ct, string algorithm = DefaultAlgorithm)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return await ComputeAsync(stream, algorithm, ct).ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="data"/> hashes to this digest under this algorithm.</summary>
    public bool Matches(ReadOnlySpan<byte> data)
    {
        using var hasher = IncrementalHash.CreateHash(ToHashAlgorithmName(Algorithm));
        hasher.AppendData(data);
        return CryptographicOperations.FixedTimeEquals(hasher.GetHashAndReset(), Digest);
    }

    /// <summary>True when the file at <paramref name="path"/> hashes to this digest.</summary>
    public async Task<bool> MatchesFileAsync(string path, CancellationToken ct)
    {
        var (actual, _) = await ComputeFileAsync(path, ct, Algorithm).ConfigureAwait(false);
        return actual.Digest.AsSpan().SequenceEqual(Digest);
    }

    /// <summary>True for the algorithms PEP 427 allows in a wheel's RECORD (sha256 or stronger).</summary>
    public static bool IsSupported(string algorithm) => algorithm is "sha256" or "sha384" or "sha512";

    private static HashAlgorithmName ToHashAlgorithmName(string algorithm) => algorithm switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        // md5 and sha1 are refused on purpose: PEP 427 says installers must not trust them.
        _ => throw new NotSupportedException($"RECORD hash algorithm '{algorithm}' is not supported (PEP 427: sha256 or stronger)."),
    };

    public bool Equals(RecordHash? other) =>
        other is not null && Algorithm == other.Algorithm && Digest.AsSpan().SequenceEqual(other.Digest);

    public override int GetHashCode() => HashCode.Combine(Algorithm, Digest.Length > 0 ? Digest[0] : 0);
}
