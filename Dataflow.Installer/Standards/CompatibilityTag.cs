namespace Dataflow.Installer.Standards;

/// <summary>One PEP 425 tag triple: the Python tag, the ABI tag and the platform tag, e.g. <c>py3-none-any</c>.</summary>
/// <param name="Python">The Python (interpreter) tag, e.g. <c>cp311</c> or <c>py3</c>.</param>
/// <param name="Abi">The ABI tag, e.g. <c>cp311</c>, <c>abi3</c> or <c>none</c>.</param>
/// <param name="Platform">The platform tag, e.g. <c>manylinux_2_17_x86_64</c> or <c>any</c>.</param>
internal sealed record CompatibilityTag(string Python, string Abi, string Platform)
{
    public override string ToString() => $"{Python}-{Abi}-{Platform}";

    /// <summary>Expands a compressed tag set (PEP 425: dot-separated alternatives in each part) into every triple it names.</summary>
    /// <remarks>Tags are compared in lowercase, as pypa/packaging does; the order is Python, then ABI, then platform.</remarks>
    public static IReadOnlyList<CompatibilityTag> Expand(string pythonTags, string abiTags, string platformTags)
    {
        var pythons = SplitAlternatives(pythonTags);
        var abis = SplitAlternatives(abiTags);
        var platforms = SplitAlternatives(platformTags);
        if (pythons is null || abis is null || platforms is null)
        {
            throw new FormatException($"'{pythonTags}-{abiTags}-{platformTags}' is not a valid tag set (PEP 425: each part is one or more dot-separated tags).");
        }

        var tags = new List<CompatibilityTag>(pythons.Length * abis.Length * platforms.Length);
        foreach (var python in pythons)
        {
            foreach (var abi in abis)
            {
                foreach (var platform in platforms)
                {
                    tags.Add(new CompatibilityTag(python, abi, platform));
                }
            }
        }
        return tags;
    }

    /// <summary>Parses one or more <c>python-abi-platform</c> triples, expanding compressed tag sets.</summary>
    public static IReadOnlyList<CompatibilityTag> ParseSet(string tagSet)
    {
        var parts = tagSet.Split('-');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{tagSet}' is not a valid tag set (PEP 425: python-abi-platform).");
        }
        return Expand(parts[0], parts[1], parts[2]);
    }

    private static string[]? SplitAlternatives(string part)
    {
        var alternatives = part.Split('.');
        foreach (var alternative in alternatives)
        {
            if (alternative.Length == 0 || !IsTagText(alternative))
            {
                return null;
            }
        }
        for (var i = 0; i < alternatives.Length; i++)
        {
            alternatives[i] = alternatives[i].ToLowerInvariant();
        }
        return alternatives;
    }

    private static bool IsTagText(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
