using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Dataflow.Installer.Cache;

/// <summary>
/// Names the files of the sharded buckets (index pages, location pointers) after their keys. A key without a secret is
/// named by its xxHash128 and stored in the file, and a reader compares it, so a collision is a miss, never a wrong
/// answer. A key that carries a secret (an index URL with a password in it) cannot be stored, so it is named by its
/// sha256, as before. Why not sha256 for all: .NET's SHA-256 on Linux is OpenSSL, whose loading (dlopen, relocations,
/// openssl.cnf) was ~11 ms of a ~95 ms warm sync of fifteen wheels; naming a file needs no cryptography.
/// </summary>
internal static class CacheKey
{
    /// <summary>The hex digits of a name made for a key without a secret.</summary>
    public const int PlainLength = 32;

    /// <summary>The hex digits of a name made for a key that carries a secret.</summary>
    public const int SecretLength = 64;

    /// <summary>The file name (lower-case hex) for <paramref name="key"/>.</summary>
    public static string Name(string key, bool secret)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        return Convert.ToHexStringLower(secret ? SHA256.HashData(bytes) : XxHash128.Hash(bytes));
    }

    /// <summary>True when <paramref name="name"/> is a name <see cref="Name"/> can make.</summary>
    public static bool IsName(string name) =>
        name.Length is PlainLength or SecretLength && name.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
