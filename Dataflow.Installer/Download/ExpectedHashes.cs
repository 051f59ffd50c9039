namespace Dataflow.Installer.Download;

/// <summary>What a downloaded file must hash to: every hash the index published, and one of the requirement's <c>--hash</c> values.</summary>
/// <param name="FromIndex">Algorithm to lowercase hex, from the index page (PEP 503 fragment, PEP 691 <c>hashes</c>).</param>
/// <param name="FromRequirement"><c>algorithm:hex</c> values from the requirements file; any one must match (pip's rule).</param>
public sealed record ExpectedHashes(IReadOnlyDictionary<string, string> FromIndex, IReadOnlyList<string> FromRequirement)
{
    public static ExpectedHashes None { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>The algorithms that must be computed while streaming (sha256 always: it names the cache entry).</summary>
    public IReadOnlySet<string> Algorithms
    {
        get
        {
            var set = new HashSet<string>(StringComparer.Ordinal) { "sha256" };
            foreach (var algorithm in FromIndex.Keys)
            {
                set.Add(algorithm);
            }
            foreach (var value in FromRequirement)
            {
                set.Add(value[..value.IndexOf(':')]);
            }
            return set;
        }
    }

    /// <summary>The sha256 the file is known to have before it is fetched, if any source says so.</summary>
    public string? KnownSha256
    {
        get
        {
            if (FromIndex.TryGetValue("sha256", out var fromIndex))
            {
                return fromIndex;
            }
            var fromRequirement = FromRequirement.Where(value => value.StartsWith("sha256:", StringComparison.Ordinal)).ToList();
            return fromRequirement.Count == 1 ? fromRequirement[0]["sha256:".Length..] : null;
        }
    }

    /// <summary>The first problem with the computed digests, or null when they satisfy every expectation.</summary>
    public string? Check(IReadOnlyDictionary<string, string> computed)
    {
        foreach (var (algorithm, expected) in FromIndex)
        {
            if (computed.TryGetValue(algorithm, out var actual) && !string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                return $"its link (index page or URL #fragment) says {algorithm}={expected} but the file has {algorithm}={actual}";
            }
        }
        if (FromRequirement.Count > 0)
        {
            var matches = FromRequirement.Any(value =>
            {
                var separator = value.IndexOf(':');
                return computed.TryGetValue(value[..separator], out var actual)
                    && string.Equals(actual, value[(separator + 1)..], StringComparison.OrdinalIgnoreCase);
            });
            if (!matches)
            {
                return $"the file has sha256={computed["sha256"]}, which is none of the requirement's --hash values";
            }
        }
        return null;
    }
}
