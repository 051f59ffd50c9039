using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace Dataflow.Installer.Standards;

/// <summary>A PEP 440 version: parsed with the PEP's normalisation rules, ordered and compared as it says.</summary>
public sealed partial class PackageVersion : IComparable<PackageVersion>, IEquatable<PackageVersion>
{
    // Numbers are BigInteger because PEP 440 puts no bound on them (date-like and hash-like
    // releases exist on PyPI); parsing them as int or long would crash on real projects.
    private readonly BigInteger[] _release;
    private readonly string[] _local;
    private string? _text;

    private PackageVersion(BigInteger epoch, BigInteger[] release, PreRelease? pre, BigInteger? post, BigInteger? dev, string[] local)
    {
        Epoch = epoch;
        _release = release;
        Pre = pre;
        Post = post;
        Dev = dev;
        _local = local;
    }

    public BigInteger Epoch { get; }

    /// <summary>The release segment as written, e.g. <c>[1, 0]</c> for <c>1.0</c> (trailing zeros kept).</summary>
    public IReadOnlyList<BigInteger> Release => _release;

    public PreRelease? Pre { get; }

    public BigInteger? Post { get; }

    public BigInteger? Dev { get; }

    /// <summary>The normalised local version label (without <c>+</c>), or null.</summary>
    public string? Local => _local.Length == 0 ? null : string.Join('.', _local);

    public BigInteger Major => _release[0];

    public BigInteger Minor => _release.Length > 1 ? _release[1] : BigInteger.Zero;

    public BigInteger Micro => _release.Length > 2 ? _release[2] : BigInteger.Zero;

    /// <summary>PEP 440: a developmental release is a pre-release too.</summary>
    public bool IsPrerelease => Pre is not null || Dev is not null;

    public bool IsPostRelease => Post is not null;

    public bool IsDevelopmentalRelease => Dev is not null;

    public bool HasLocal => _local.Length > 0;

    /// <summary>This version without its local label.</summary>
    public PackageVersion Public => _local.Length == 0 ? this : new PackageVersion(Epoch, _release, Pre, Post, Dev, []);

    /// <summary>The epoch and release only (<c>1!2.0</c> for <c>1!2.0rc1.post2+x</c>).</summary>
    public PackageVersion BaseVersion =>
        Pre is null && Post is null && Dev is null && _local.Length == 0 ? this : new PackageVersion(Epoch, _release, null, null, null, []);

    public static PackageVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{text}' is not a valid PEP 440 version.");
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PackageVersion? version)
    {
        version = null;
        if (text is null)
        {
            return false;
        }
        if (TryParseRelease(text) is { } bare)
        {
            version = bare;
            return true;
        }
        var match = VersionPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var epoch = match.Groups["epoch"].Success ? Number(match.Groups["epoch"].Value) : BigInteger.Zero;
        var release = match.Groups["release"].Value.Split('.').Select(Number).ToArray();

        PreRelease? pre = null;
        if (match.Groups["pre"].Success)
        {
            var label = match.Groups["prelabel"].Value.ToLowerInvariant() switch
            {
                "alpha" or "a" => "a",
                "beta" or "b" => "b",
                _ => "rc", // c, rc, pre, preview (PEP 440 "Pre-release spelling")
            };
            pre = new PreRelease(label, NumberOrZero(match.Groups["pren"]));
        }

        BigInteger? post = null;
        if (match.Groups["postimplicit"].Success)
        {
            // PEP 440 "Implicit post release number": 1.0-1 is 1.0.post1.
            post = Number(match.Groups["postimplicit"].Value);
        }
        else if (match.Groups["post"].Success)
        {
            post = NumberOrZero(match.Groups["postn"]);
        }

        BigInteger? dev = match.Groups["dev"].Success ? NumberOrZero(match.Groups["devn"]) : null;

        var local = match.Groups["local"].Success
            ? match.Groups["local"].Value.Split('.', '-', '_').Select(NormalizeLocalSegment).ToArray()
            : [];

        version = new PackageVersion(epoch, release, pre, post, dev, local);
        return true;
    }

    public int CompareTo(PackageVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (ReferenceEquals(this, other))
        {
            return 0;
        }
        var result = Epoch.CompareTo(other.Epoch);
        if (result != 0)
        {
            return result;
        }
        result = CompareRelease(_release, other._release);
        if (result != 0)
        {
            return result;
        }
        result = PreKey().CompareTo(other.PreKey());
        if (result != 0)
        {
            return result;
        }
        // No post release sorts before any post release; no dev release sorts after any dev release.
        result = (Post is null ? -1 : 1).CompareTo(other.Post is null ? -1 : 1);
        if (result == 0 && Post is not null)
        {
            result = Post.Value.CompareTo(other.Post!.Value);
        }
        if (result != 0)
        {
            return result;
        }
        result = (Dev is null ? 1 : -1).CompareTo(other.Dev is null ? 1 : -1);
        if (result == 0 && Dev is not null)
        {
            result = Dev.Value.CompareTo(other.Dev!.Value);
        }
        return result != 0 ? result : CompareLocal(_local, other._local);
    }

    public bool Equals(PackageVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is PackageVersion other && Equals(other);

    public override int GetHashCode()
    {
        // Consistent with CompareTo: trailing zeros of the release do not count (1.0 == 1.0.0).
        var hash = new HashCode();
        hash.Add(Epoch);
        var length = _release.Length;
        while (length > 1 && _release[length - 1].IsZero)
        {
            length--;
        }
        for (var i = 0; i < length; i++)
        {
            hash.Add(_release[i]);
        }
        hash.Add(Pre);
        hash.Add(Post);
        hash.Add(Dev);
        foreach (var segment in _local)
        {
            hash.Add(segment);
        }
        return hash.ToHashCode();
    }

    /// <summary>The normalised form (PEP 440 "Normalization"), e.g. <c>1.0rc1.post0.dev2+ubuntu.1</c>.</summary>
    public override string ToString() => _text ??= Format();

    public static bool operator ==(PackageVersion? left, PackageVersion? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(PackageVersion? left, PackageVersion? right) => !(left == right);

    public static bool operator <(PackageVersion? left, PackageVersion? right) => Compare(left, right) < 0;

    public static bool operator <=(PackageVersion? left, PackageVersion? right) => Compare(left, right) <= 0;

    public static bool operator >(PackageVersion? left, PackageVersion? right) => Compare(left, right) > 0;

    public static bool operator >=(PackageVersion? left, PackageVersion? right) => Compare(left, right) >= 0;

    private static int Compare(PackageVersion? left, PackageVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private string Format()
    {
        var builder = new StringBuilder();
        if (!Epoch.IsZero)
        {
            builder.Append(Epoch.ToString(CultureInfo.InvariantCulture)).Append('!');
        }
        builder.AppendJoin('.', _release.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        if (Pre is { } pre)
        {
            builder.Append(pre.Label).Append(pre.Number.ToString(CultureInfo.InvariantCulture));
        }
        if (Post is { } post)
        {
            builder.Append(".post").Append(post.ToString(CultureInfo.InvariantCulture));
        }
        if (Dev is { } dev)
        {
            builder.Append(".dev").Append(dev.ToString(CultureInfo.InvariantCulture));
        }
        if (_local.Length > 0)
        {
            builder.Append('+').AppendJoin('.', _local);
        }
        return builder.ToString();
    }

    // A pre-release key that sorts a dev-only release (1.0.dev1) before any pre-release of the same
    // release (1.0a1), and a final or post release after all of them (PEP 440 "Summary of permitted
    // suffixes and relative ordering").
    private (int Kind, PreRelease Pre) PreKey()
    {
        if (Pre is { } pre)
        {
            return (1, pre);
        }
        return Post is null && Dev is not null ? (0, default) : (2, default);
    }

    private static int CompareRelease(BigInteger[] left, BigInteger[] right)
    {
        // Shorter releases are padded with zeros (PEP 440 "Final releases").
        var length = Math.Max(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = i < left.Length ? left[i] : BigInteger.Zero;
            var b = i < right.Length ? right[i] : BigInteger.Zero;
            var result = a.CompareTo(b);
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    private static int CompareLocal(string[] left, string[] right)
    {
        // PEP 440 "Local version identifiers": numeric segments compare as integers and sort after
        // alphanumeric ones; alphanumeric ones compare lexicographically (case-insensitive, already
        // lowercased); if all shared segments are equal the longer label wins.
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var leftNumeric = IsDigits(left[i]);
            var rightNumeric = IsDigits(right[i]);
            int result;
            if (leftNumeric && rightNumeric)
            {
                result = Number(left[i]).CompareTo(Number(right[i]));
            }
            else if (leftNumeric != rightNumeric)
            {
                result = leftNumeric ? 1 : -1;
            }
            else
            {
                result = string.CompareOrdinal(left[i], right[i]);
            }
            if (result != 0)
            {
                return result;
            }
        }
        return left.Length.CompareTo(right.Length);
    }

    /// <summary>
    /// Nearly every version a sync reads (pins, dist-info names, index file names) is a bare release such as
    /// <c>2.31.0</c>: read it without the regular expression, whose match objects were most of a no-op sync's allocations.
    /// </summary>
    private static PackageVersion? TryParseRelease(string text)
    {
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[^1]))
        {
            return null;
        }
        var segments = 1;
        var canonical = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (!char.IsAsciiDigit(text[i - 1]))
                {
                    return null;
                }
                segments++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return null;
            }
            else if (c == '0' && (i == 0 || text[i - 1] == '.') && i + 1 < text.Length && text[i + 1] != '.')
            {
                canonical = false; // a leading zero ("1.01"), which normalisation drops
            }
        }
        var release = new BigInteger[segments];
        var start = 0;
        for (var index = 0; index < segments; index++)
        {
            var end = text.IndexOf('.', start);
            var digits = text.AsSpan(start, (end < 0 ? text.Length : end) - start);
            release[index] = digits.Length <= 18
                ? long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
                : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            start = end + 1;
        }
        return new PackageVersion(BigInteger.Zero, release, null, null, null, []) { _text = canonical ? text : null };
    }

    private static string NormalizeLocalSegment(string segment) =>
        IsDigits(segment) ? Number(segment).ToString(CultureInfo.InvariantCulture) : segment.ToLowerInvariant();

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static BigInteger Number(string digits) => BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static BigInteger NumberOrZero(Group group) => group.Success && group.Length > 0 ? Number(group.Value) : BigInteger.Zero;

    // The PEP 440 appendix's permissive pattern: any version it accepts normalises to a canonical one.
    [GeneratedRegex("""
        ^\s*v?
        (?:(?<epoch>[0-9]+)!)?
        (?<release>[0-9]+(?:\.[0-9]+)*)
        (?<pre>[-_.]?(?<prelabel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?
        (?:-(?<postimplicit>[0-9]+)|(?<post>[-_.]?(?:post|rev|r)[-_.]?(?<postn>[0-9]+)?))?
        (?<dev>[-_.]?dev[-_.]?(?<devn>[0-9]+)?)?
        (?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
        \s*$
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex VersionPattern();
}
