using System.Security.Cryptography;

namespace Dataflow.Installer.Download;

/// <summary>Computes several digests of a stream in one pass, so that no file is read twice.</summary>
internal sealed class StreamingHasher : IDisposable
{
    private readonly List<(string Algorithm, IncrementalHash Hash)> _hashes = [];

    public StreamingHasher(IEnumerable<string> algorithms)
    {
        foreach (var algorithm in algorithms)
        {
            var name = algorithm switch
            {
                "sha256" => HashAlgorithmName.SHA256,
                "sha384" => HashAlgorithmName.SHA384,
                "sha512" => HashAlgorithmName.SHA512,
                "sha1" => HashAlgorithmName.SHA1,
                "md5" => HashAlgorithmName.MD5,
                // Unknown algorithms from an index (e.g. blake2b) cannot be checked; PEP 503 lets clients skip them.
                _ => default,
            };
            if (name != default)
            {
                _hashes.Add((algorithm, IncrementalHash.CreateHash(name)));
            }
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        foreach (var (_, hash) in _hashes)
        {
            hash.AppendData(data);
        }
    }

    public IReadOnlyDictionary<string, string> Finish()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (algorithm, hash) in _hashes)
        {
            result[algorithm] = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        return result;
    }

    public void Dispose()
    {
        foreach (var (_, hash) in _hashes)
        {
            hash.Dispose();
        }
    }
}
