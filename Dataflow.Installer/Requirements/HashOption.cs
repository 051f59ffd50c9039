namespace Dataflow.Installer.Requirements;

/// <summary>Validates a <c>--hash=algorithm:hexdigest</c> value; pip allows only the strong algorithms below.</summary>
internal static class HashOption
{
    private static readonly Dictionary<string, int> HexLengths = new(StringComparer.Ordinal)
    {
        ["sha256"] = 64,
        ["sha384"] = 96,
        ["sha512"] = 128,
    };

    /// <summary>Returns the value as <c>algorithm:hexdigest</c> in lowercase.</summary>
    /// <exception cref="FormatException">Not <c>algorithm:digest</c>, an algorithm pip does not allow, or a malformed digest.</exception>
    public static string Normalize(string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"--hash '{value}' must be an algorithm and a digest, like --hash=sha256:abcd...");
        }
        var algorithm = value[..colon].ToLowerInvariant();
        var digest = value[(colon + 1)..].ToLowerInvariant();
        if (!HexLengths.TryGetValue(algorithm, out var length))
        {
            throw new FormatException($"hash algorithm '{value[..colon]}' is not allowed: use sha256, sha384 or sha512");
        }
        if (digest.Length != length || !digest.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"{algorithm} digest '{value[(colon + 1)..]}' must be {length} hexadecimal digits");
        }
        return $"{algorithm}:{digest}";
    }
}
