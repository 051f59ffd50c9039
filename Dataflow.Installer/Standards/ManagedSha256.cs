using Org.BouncyCastle.Crypto.Digests;

namespace Dataflow.Installer.Standards;

/// <summary>
/// SHA-256 of a few bytes without OpenSSL. .NET's SHA-256 on Linux is OpenSSL, and loading it (dlopen, relocations,
/// openssl.cnf) costs more than a warm install of a small set spends on anything else of its own: ~11 ms of a ~95 ms
/// sync (perf/README.md). A warm install hashes only what it generates (launchers, INSTALLER, REQUESTED,
/// direct_url.json, rewritten scripts), a few hundred bytes each, so those go through BouncyCastle's managed digest;
/// wheels and downloads, megabytes each, stay on OpenSSL, which is many times faster per byte.
/// </summary>
internal static class ManagedSha256
{
    public const int HashSizeInBytes = 32;

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var digest = new Sha256Digest();
        digest.BlockUpdate(data);
        var hash = new byte[HashSizeInBytes];
        digest.DoFinal(hash);
        return hash;
    }
}
