using System.Diagnostics.CodeAnalysis;

namespace Dataflow.Installer.Standards;

/// <summary>A parsed wheel file name (PEP 427, PEP 491): <c>{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>.</summary>
internal sealed record WheelFilename
{
    private WheelFilename(
        string fileName,
        PackageName name,
        string version,
        WheelBuildTag? buildTag,
        string pythonTags,
        string abiTags,
        string platformTags,
        IReadOnlyList<CompatibilityTag> tags)
    {
        FileName = fileName;
        Name = name;
        Version = version;
        BuildTag = buildTag;
        PythonTags = pythonTags;
        AbiTags = abiTags;
        PlatformTags = platformTags;
        Tags = tags;
    }

    /// <summary>The file name exactly as given.</summary>
    public string FileName { get; }

    public PackageName Name { get; }

    /// <summary>The version as written in the file name (PEP 427 escapes <c>-</c> as <c>_</c>); not normalised here.</summary>
    public string Version { get; }

    public WheelBuildTag? BuildTag { get; }

    /// <summary>The compressed Python tag set as written, e.g. <c>py2.py3</c>.</summary>
    public string PythonTags { get; }

    /// <summary>The compressed ABI tag set as written, e.g. <c>none</c>.</summary>
    public string AbiTags { get; }

    /// <summary>The compressed platform tag set as written, e.g. <c>manylinux_2_17_x86_64.manylinux2014_x86_64</c>.</summary>
    public string PlatformTags { get; }

    /// <summary>Every tag triple the compressed tag sets name (PEP 425), in lowercase.</summary>
    public IReadOnlyList<CompatibilityTag> Tags { get; }

    public static WheelFilename Parse(string fileName)
    {
        var error = TryParseCore(fileName, out var result);
        return error is null ? result! : throw new FormatException($"'{fileName}' is not a valid wheel file name: {error}.");
    }

    public static bool TryParse(string fileName, [NotNullWhen(true)] out WheelFilename? result) =>
        TryParseCore(fileName, out result) is null;

    /// <summary>Returns null on success, else why the name was refused.</summary>
    private static string? TryParseCore(string fileName, out WheelFilename? result)
    {
        result = null;
        if (!fileName.EndsWith(".whl", StringComparison.Ordinal))
        {
            return "it does not end in '.whl'";
        }

        // PEP 427 escapes '-' in every component, so the dashes alone delimit the fields.
        var parts = fileName[..^".whl".Length].Split('-');
        if (parts.Length is not (5 or 6))
        {
            return "expected {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl";
        }

        if (!PackageName.TryParse(parts[0], out var name))
        {
            return $"'{parts[0]}' is not a valid project name";
        }

        var version = parts[1];
        if (!IsVersionText(version))
        {
            return $"'{version}' is not a valid version";
        }

        WheelBuildTag? buildTag = null;
        if (parts.Length == 6)
        {
            if (!WheelBuildTag.TryParse(parts[2], out var parsed))
            {
                return $"the build tag '{parts[2]}' does not start with a digit (PEP 427)";
            }
            buildTag = parsed;
        }

        var pythonTags = parts[^3];
        var abiTags = parts[^2];
        var platformTags = parts[^1];
        IReadOnlyList<CompatibilityTag> tags;
        try
        {
            tags = CompatibilityTag.Expand(pythonTags, abiTags, platformTags);
        }
        catch (FormatException)
        {
            return $"'{pythonTags}-{abiTags}-{platformTags}' is not a valid tag set (PEP 425)";
        }

        result = new WheelFilename(fileName, name, version, buildTag, pythonTags, abiTags, platformTags, tags);
        return null;
    }

    /// <summary>The characters a PEP 440 version can hold once PEP 427 has escaped its <c>-</c>; full validation belongs to the version parser.</summary>
    private static bool IsVersionText(string version)
    {
        if (version.Length == 0)
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
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '+' or '!'))
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(WheelFilename? other) => other is not null && string.Equals(FileName, other.FileName, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(FileName);

    public override string ToString() => FileName;
}
