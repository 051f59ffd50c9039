using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Dataflow.Installer.Standards;

/// <summary>One PEP 440 version specifier clause such as <c>~=1.4.2</c>, <c>==1.2.*</c> or <c>&lt;2</c>.</summary>
public sealed class VersionSpecifier : IEquatable<VersionSpecifier>
{
    private VersionSpecifier(VersionOperator op, PackageVersion? version, bool isWildcard, string arbitrary)
    {
        Operator = op;
        Version = version;
        IsWildcard = isWildcard;
        ArbitraryText = arbitrary;
    }

    public VersionOperator Operator { get; }

    /// <summary>The version named; null only for <c>===</c> with text that is not a PEP 440 version.</summary>
    public PackageVersion? Version { get; }

    /// <summary>True for the prefix forms <c>==V.*</c> and <c>!=V.*</c>.</summary>
    public bool IsWildcard { get; }

    /// <summary>The text after <c>===</c> exactly as written; for other operators, the normalised version.</summary>
    public string ArbitraryText { get; }

    /// <summary>
    /// True when this clause names a pre-release with an inclusive or ordered operator, which PEP 440
    /// ("Handling of pre-releases") reads as accepting pre-releases; <c>!=</c> never does.
    /// </summary>
    public bool AllowsPrereleases =>
        Operator != VersionOperator.NotEqual && Version is { IsPrerelease: true };

    public static VersionSpecifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var specifier, out var error)
            ? specifier
            : throw new FormatException($"'{text}' is not a valid PEP 440 version specifier: {error}.");
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out VersionSpecifier? specifier) =>
        TryParse(text, out specifier, out _);

    private static bool TryParse(string? text, [NotNullWhen(true)] out VersionSpecifier? specifier, out string error)
    {
        specifier = null;
        if (Split(text) is not { } clause)
        {
            error = "expected an operator (~=, ==, !=, <=, >=, <, >, ===) followed by a version";
            return false;
        }
        var (op, versionText) = clause;
        if (op == VersionOperator.ArbitraryEqual)
        {
            // PEP 440 "Arbitrary equality": any text, compared as a string; keep the parsed form when there is one.
            PackageVersion.TryParse(versionText, out var arbitraryVersion);
            specifier = new VersionSpecifier(op, arbitraryVersion, false, versionText);
            error = "";
            return true;
        }

        var isWildcard = versionText.EndsWith(".*", StringComparison.Ordinal);
        if (isWildcard)
        {
            versionText = versionText[..^2];
        }
        if (!PackageVersion.TryParse(versionText, out var version))
        {
            error = $"'{versionText}' is not a valid version";
            return false;
        }
        error = Validate(op, version, isWildcard);
        if (error.Length > 0)
        {
            return false;
        }
        specifier = new VersionSpecifier(op, version, isWildcard, version.ToString());
        return true;
    }

    private static string Validate(VersionOperator op, PackageVersion version, bool isWildcard)
    {
        var isEquality = op is VersionOperator.Equal or VersionOperator.NotEqual;
        if (isWildcard && !isEquality)
        {
            return "a '.*' suffix is only allowed with == and !=";
        }
        if (isWildcard && (version.IsPrerelease || version.IsPostRelease || version.HasLocal))
        {
            // PEP 440 "Version matching": the prefix may only hold an epoch and release segments.
            return "a '.*' suffix may only follow a release segment";
        }
        if (version.HasLocal && !isEquality)
        {
            return "local versions are only allowed with == and !=";
        }
        if (op == VersionOperator.Compatible && version.Release.Count < 2)
        {
            return "'~=' needs a version with at least two release segments";
        }
        return "";
    }

    /// <summary>
    /// Whether <paramref name="version"/> satisfies this clause. Pre-releases are refused unless
    /// <paramref name="includePrereleases"/> is true, or it is null and the clause names a pre-release.
    /// </summary>
    public bool Contains(PackageVersion version, bool? includePrereleases = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.IsPrerelease && !(includePrereleases ?? AllowsPrereleases))
        {
            return false;
        }
        return Matches(version);
    }

    /// <summary>The operator's own test, with no pre-release policy applied.</summary>
    internal bool Matches(PackageVersion candidate)
    {
        if (Operator == VersionOperator.ArbitraryEqual)
        {
            return string.Equals(candidate.ToString(), ArbitraryText.Trim(), StringComparison.OrdinalIgnoreCase);
        }
        var spec = Version!;
        return Operator switch
        {
            VersionOperator.Equal => MatchesEqual(candidate, spec),
            VersionOperator.NotEqual => !MatchesEqual(candidate, spec),
            VersionOperator.Compatible => candidate.Public >= spec && MatchesPrefix(candidate, spec.Epoch, spec.Release.Take(spec.Release.Count - 1).ToArray()),
            VersionOperator.LessThanOrEqual => candidate.Public <= spec,
            VersionOperator.GreaterThanOrEqual => candidate.Public >= spec,
            VersionOperator.LessThan => MatchesLessThan(candidate, spec),
            _ => MatchesGreaterThan(candidate, spec),
        };
    }

    private bool MatchesEqual(PackageVersion candidate, PackageVersion spec)
    {
        if (IsWildcard)
        {
            return MatchesPrefix(candidate, spec.Epoch, spec.Release);
        }
        // PEP 440 "Version matching": a specifier without a local label ignores the candidate's.
        return spec.HasLocal ? candidate == spec : candidate.Public == spec;
    }

    private static bool MatchesPrefix(PackageVersion candidate, BigInteger epoch, IReadOnlyList<BigInteger> prefix)
    {
        if (candidate.Epoch != epoch)
        {
            return false;
        }
        // The candidate is zero padded to the prefix's length: 1.0 matches ==1.0.0.*.
        for (var i = 0; i < prefix.Count; i++)
        {
            var segment = i < candidate.Release.Count ? candidate.Release[i] : BigInteger.Zero;
            if (segment != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static bool MatchesLessThan(PackageVersion candidate, PackageVersion spec)
    {
        if (!(candidate.Public < spec))
        {
            return false;
        }
        // PEP 440 "Exclusive ordered comparison": <V never matches a pre-release of V unless V is one.
        return spec.IsPrerelease || !candidate.IsPrerelease || candidate.BaseVersion != spec.BaseVersion;
    }

    private static bool MatchesGreaterThan(PackageVersion candidate, PackageVersion spec)
    {
        if (!(candidate.Public > spec))
        {
            return false;
        }
        // PEP 440: >V never matches a post-release of V unless V is one, nor a local version of V.
        if (!spec.IsPostRelease && candidate.IsPostRelease && candidate.BaseVersion == spec.BaseVersion)
        {
            return false;
        }
        return !(candidate.HasLocal && candidate.BaseVersion == spec.BaseVersion);
    }

    public bool Equals(VersionSpecifier? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is VersionSpecifier other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>The operator and the normalised version, e.g. <c>&gt;=1.0rc1</c> or <c>==1.2.*</c>.</summary>
    public override string ToString() => OperatorText(Operator) + ArbitraryText + (IsWildcard ? ".*" : "");

    private static string OperatorText(VersionOperator op)
    {
        foreach (var (text, candidate) in Operators)
        {
            if (candidate == op)
            {
                return text;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(op), op, "Not a version operator.");
    }

    // The operators longest first, so that "===" is not read as "==" and "=". The version text of === runs to
    // whitespace, ';' or ')' as in pypa/packaging; the others are checked by PackageVersion once split off.
    private static readonly (string Text, VersionOperator Operator)[] Operators =
    [
        ("===", VersionOperator.ArbitraryEqual), ("~=", VersionOperator.Compatible), ("==", VersionOperator.Equal),
        ("!=", VersionOperator.NotEqual), ("<=", VersionOperator.LessThanOrEqual), (">=", VersionOperator.GreaterThanOrEqual),
        ("<", VersionOperator.LessThan), (">", VersionOperator.GreaterThan),
    ];

    /// <summary>
    /// The operator and the version text of one clause (whitespace around either allowed, none inside the version, and
    /// none of the characters that end a clause in PEP 508: <c>;</c>, <c>)</c>, <c>,</c>); null when it is not one.
    /// Read by hand rather than by a regular expression: a sync parses one per pinned requirement.
    /// </summary>
    private static (VersionOperator Operator, string Version)? Split(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var rest = text.AsSpan().Trim();
        foreach (var (opText, op) in Operators)
        {
            if (!rest.StartsWith(opText, StringComparison.Ordinal))
            {
                continue;
            }
            var version = rest[opText.Length..].TrimStart();
            if (version.IsEmpty)
            {
                return null;
            }
            foreach (var c in version)
            {
                if (char.IsWhiteSpace(c) || c is ';' or ')' or ',')
                {
                    return null;
                }
            }
            return (op, version.ToString());
        }
        return null;
    }
}
