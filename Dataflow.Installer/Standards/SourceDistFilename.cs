using System.Diagnostics.CodeAnalysis;

namespace Dataflow.Installer.Standards;

/// <summary>A parsed source distribution file name: <c>{name}-{version}.tar.gz</c> (PEP 625) or a legacy archive format.</summary>
/// <param name="FileName">The file name exactly as given.</param>
/// <param name="Name">The project name (normalised).</param>
/// <param name="Version">The version as written in the file name; not normalised here.</param>
/// <param name="Extension">The archive format.</param>
internal sealed record SourceDistFilename(string FileName, PackageName Name, string Version, SourceDistExtension Extension)
{
    // Longest first, so that ".tar.gz" wins over a hypothetical ".gz".
    private static readonly (string Suffix, SourceDistExtension Extension)[] Extensions =
    [
        (".tar.gz", SourceDistExtension.TarGz),
        (".tar.bz2", SourceDistExtension.TarBz2),
        (".tar.xz", SourceDistExtension.TarXz),
        (".tar.zst", SourceDistExtension.TarZst),
        (".zip", SourceDistExtension.Zip),
        (".tgz", SourceDistExtension.Tgz),
        (".tbz", SourceDistExtension.Tbz),
        (".txz", SourceDistExtension.Txz),
        (".tar", SourceDistExtension.Tar),
    ];

    /// <summary>Parses <paramref name="fileName"/>; with <paramref name="expectedName"/> the name part must normalise to it.</summary>
    public static SourceDistFilename Parse(string fileName, PackageName? expectedName = null)
    {
        var error = TryParseCore(fileName, expectedName, out var result);
        return error is null ? result! : throw new FormatException($"'{fileName}' is not a valid source distribution file name: {error}.");
    }

    public static bool TryParse(string fileName, PackageName? expectedName, [NotNullWhen(true)] out SourceDistFilename? result) =>
        TryParseCore(fileName, expectedName, out result) is null;

    /// <summary>True when the name ends in one of the archive formats a source distribution may use.</summary>
    public static bool HasSourceDistExtension(string fileName) => FindExtension(fileName) is not null;

    private static string? TryParseCore(string fileName, PackageName? expectedName, out SourceDistFilename? result)
    {
        result = null;
        if (FindExtension(fileName) is not var (suffix, extension))
        {
            return "it does not end in .tar.gz, .zip or another source archive extension";
        }

        var stem = fileName[..^suffix.Length];
        var separator = expectedName is { } expected ? FindSeparatorFor(stem, expected) : FindSeparatorHeuristically(stem);
        if (separator < 0)
        {
            return expectedName is { } name
                ? $"it does not start with the project name '{name}' followed by '-' and a version"
                : "expected {name}-{version}";
        }

        if (!PackageName.TryParse(stem[..separator], out var parsedName))
        {
            return $"'{stem[..separator]}' is not a valid project name";
        }
        var version = stem[(separator + 1)..];
        if (!IsVersionText(version))
        {
            return $"'{version}' is not a valid version";
        }

        result = new SourceDistFilename(fileName, parsedName, version, extension);
        return null;
    }

    private static (string Suffix, SourceDistExtension Extension)? FindExtension(string fileName)
    {
        foreach (var candidate in Extensions)
        {
            if (fileName.Length > candidate.Suffix.Length && fileName.EndsWith(candidate.Suffix, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The first '-' whose prefix normalises to the project name, as pip does: names may themselves hold '-'.</summary>
    private static int FindSeparatorFor(string stem, PackageName expectedName)
    {
        for (var i = stem.IndexOf('-'); i >= 0; i = stem.IndexOf('-', i + 1))
        {
            if (PackageName.TryParse(stem[..i], out var prefix) && prefix == expectedName)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Without an expected name: the last '-' followed by a digit, so <c>foo-bar-1.0</c> is foo-bar 1.0; ambiguous names need the expected name.</summary>
    private static int FindSeparatorHeuristically(string stem)
    {
        for (var i = stem.LastIndexOf('-'); i > 0; i = stem.LastIndexOf('-', i - 1))
        {
            if (i + 1 < stem.Length && char.IsAsciiDigit(stem[i + 1]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The characters a version may hold; legacy sdists may keep an unescaped '-' in it.</summary>
    private static bool IsVersionText(string version)
    {
        if (version.Length == 0 || version[0] == '-' || version[^1] == '-')
        {
            return false;
        }
        // PEP 440: an optional 'v', then the epoch or release, both digits first.
        var first = version[0] is 'v' or 'V' ? 1 : 0;
        if (first >= version.Length || !char.IsAsciiDigit(version[first]))
        {
            return false;
        }
        foreach (var c in version)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '+' or '!' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => FileName;
}
