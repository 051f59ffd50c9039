using System.Diagnostics.CodeAnalysis;

namespace Dataflow.Installer.Standards;

/// <summary>A comma separated list of PEP 440 version specifiers, all of which must match.</summary>
public sealed class VersionSpecifierSet : IEquatable<VersionSpecifierSet>
{
    private readonly VersionSpecifier[] _specifiers;

    private VersionSpecifierSet(VersionSpecifier[] specifiers) => _specifiers = specifiers;

    /// <summary>The set with no clauses, which any final release satisfies.</summary>
    public static VersionSpecifierSet Any { get; } = new([]);

    public IReadOnlyList<VersionSpecifier> Specifiers => _specifiers;

    public bool IsEmpty => _specifiers.Length == 0;

    /// <summary>True when some clause names a pre-release, so pre-releases are accepted (PEP 440).</summary>
    public bool AllowsPrereleases => _specifiers.Any(s => s.AllowsPrereleases);

    /// <summary>Parses <c>&gt;=1.0, !=1.3.4.*, &lt;2</c>; the empty (or blank) text gives <see cref="Any"/>.</summary>
    public static VersionSpecifierSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Any;
        }
        var specifiers = new List<VersionSpecifier>();
        foreach (var part in text.Split(','))
        {
            if (string.IsNullOrWhiteSpace(part))
            {
                throw new FormatException($"'{text}' is not a valid version specifier list: it has an empty clause.");
            }
            var specifier = VersionSpecifier.Parse(part);
            if (!specifiers.Contains(specifier))
            {
                specifiers.Add(specifier);
            }
        }
        return new VersionSpecifierSet([.. specifiers]);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out VersionSpecifierSet? set)
    {
        set = null;
        if (text is null)
        {
            return false;
        }
        try
        {
            set = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static VersionSpecifierSet Create(IEnumerable<VersionSpecifier> specifiers) =>
        new([.. specifiers.Distinct()]);

    /// <summary>
    /// Whether every clause accepts <paramref name="version"/>. PEP 440 "Handling of pre-releases":
    /// with <paramref name="includePrereleases"/> null, pre-releases are accepted only when a clause names one.
    /// </summary>
    public bool Contains(PackageVersion version, bool? includePrereleases = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.IsPrerelease && !(includePrereleases ?? AllowsPrereleases))
        {
            return false;
        }
        foreach (var specifier in _specifiers)
        {
            if (!specifier.Matches(version))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The versions this set accepts, in the given order. With <paramref name="includePrereleases"/> null
    /// and no clause naming a pre-release, pre-releases are kept only when no final or post release matches
    /// (PEP 440: "accept remotely available pre-releases for version specifiers where there is no final
    /// or post release that satisfies the version specifier"). Note: pip (pypa/packaging's
    /// <c>SpecifierSet.filter</c>) applies that fallback only to an empty set.
    /// </summary>
    public IReadOnlyList<PackageVersion> Filter(IEnumerable<PackageVersion> versions, bool? includePrereleases = null)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var accepted = new List<PackageVersion>();
        var prereleases = new List<PackageVersion>();
        var prereleasesAllowed = includePrereleases ?? AllowsPrereleases;
        foreach (var version in versions)
        {
            if (!Contains(version, includePrereleases: true))
            {
                continue;
            }
            if (version.IsPrerelease && !prereleasesAllowed)
            {
                prereleases.Add(version);
            }
            else
            {
                accepted.Add(version);
            }
        }
        return accepted.Count == 0 && includePrereleases is null ? prereleases : accepted;
    }

    /// <summary>
    /// True when the set pins one version: a single <c>==V</c> without wildcard, or <c>===V</c> naming a
    /// valid version. <paramref name="version"/> is that version.
    /// </summary>
    public bool TryGetExactPin([NotNullWhen(true)] out PackageVersion? version)
    {
        version = null;
        if (_specifiers.Length != 1)
        {
            return false;
        }
        var only = _specifiers[0];
        if (only is { Operator: VersionOperator.Equal or VersionOperator.ArbitraryEqual, IsWildcard: false, Version: not null })
        {
            version = only.Version;
            return true;
        }
        return false;
    }

    public bool Equals(VersionSpecifierSet? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is VersionSpecifierSet other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>The clauses, normalised and sorted as pypa/packaging prints them, joined by commas.</summary>
    public override string ToString() =>
        string.Join(',', _specifiers.Select(s => s.ToString()).Order(StringComparer.Ordinal));
}
