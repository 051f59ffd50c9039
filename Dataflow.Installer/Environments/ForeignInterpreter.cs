using System.Globalization;

namespace Dataflow.Installer.Environments;

/// <summary>
/// pip's <c>--python-version</c>, <c>--implementation</c>, <c>--platform</c> and <c>--abi</c>: the interpreter the
/// installed files are for, when it is not the one dfi can ask (a Lambda package built on a laptop for
/// <c>manylinux2014_x86_64</c> and Python 3.12). Wheels are chosen by its tags, requirement markers and
/// <c>Requires-Python</c> read with its version and platform; nothing can be built for it.
/// </summary>
/// <param name="Version">Major, minor and micro (0 when not given).</param>
/// <param name="Implementation">PEP 425's short name (<c>cp</c>, <c>pp</c>, <c>py</c>...), or null for the asked interpreter's.</param>
/// <param name="Platforms">Platform tags as given, best first; none means the asked interpreter's.</param>
/// <param name="Abis">ABI tags as given; none means the implementation's own for that version.</param>
/// <param name="PythonPlatform">uv's <c>--python-platform</c> instead of <paramref name="Platforms"/>: its tags are complete as they are.</param>
internal sealed record ForeignInterpreter(
    (int Major, int Minor, int Micro)? Version, string? Implementation, IReadOnlyList<string> Platforms, IReadOnlyList<string> Abis, PythonPlatform? PythonPlatform = null)
{
    private static readonly Dictionary<string, (string Name, string Implementation)> Implementations = new(StringComparer.Ordinal)
    {
        ["cp"] = ("cpython", "CPython"),
        ["pp"] = ("pypy", "PyPy"),
        ["ip"] = ("ironpython", "IronPython"),
        ["jy"] = ("jython", "Jython"),
    };

    /// <summary>The options as given, or null when none is: the asked interpreter is the one installed for.</summary>
    /// <param name="pythonPlatform">uv's <c>--python-platform</c>, which names the platform as <paramref name="platforms"/> does.</param>
    public static ForeignInterpreter? From(string? pythonVersion, string? implementation, IEnumerable<string> platforms, IEnumerable<string> abis,
        string? pythonPlatform = null)
    {
        var platformList = platforms.Where(platform => platform.Length > 0).ToList();
        var abiList = abis.Where(abi => abi.Length > 0).ToList();
        if (pythonVersion is null && implementation is null && platformList.Count == 0 && abiList.Count == 0 && string.IsNullOrEmpty(pythonPlatform))
        {
            return null;
        }
        if (implementation is not null && (implementation.Length < 2 || !implementation.All(char.IsAsciiLetterLower)))
        {
            throw new ArgumentException($"--implementation '{implementation}' is not a PEP 425 implementation name such as cp, pp or py.");
        }
        if (!string.IsNullOrEmpty(pythonPlatform) && platformList.Count > 0)
        {
            throw new ArgumentException("--python-platform and --platform both name the platform to install for: use one of them.");
        }
        var target = string.IsNullOrEmpty(pythonPlatform) ? null
            : Environments.PythonPlatform.Parse(pythonPlatform, Environment.GetEnvironmentVariable("MACOSX_DEPLOYMENT_TARGET"));
        return new ForeignInterpreter(pythonVersion is null ? null : ParseVersion(pythonVersion), implementation, platformList, abiList, target);
    }

    /// <summary>The platform tags the options name, best first, before pip's widening of <c>--platform</c>; none means the asked interpreter's.</summary>
    public IReadOnlyList<string> NamedPlatforms => PythonPlatform?.Tags ?? Platforms;

    /// <summary>pip's spellings: <c>3</c> (3.0.0), <c>3.12</c>, <c>3.12.4</c>, or major and minor without the dot (<c>312</c>).</summary>
    internal static (int Major, int Minor, int Micro) ParseVersion(string text)
    {
        var parts = text.Split('.');
        int Number(string part) => part.Length is > 0 and < 4 && part.All(char.IsAsciiDigit)
            ? int.Parse(part, CultureInfo.InvariantCulture)
            : throw new ArgumentException($"--python-version '{text}' is not a version such as 3.12, 3.12.4 or 312.");
        return parts switch
        {
            [var digits] when digits.Length >= 2 && digits.All(char.IsAsciiDigit) => (Number(digits[..1]), Number(digits[1..]), 0),
            [var major] => (Number(major), 0, 0),
            [var major, var minor] => (Number(major), Number(minor), 0),
            [var major, var minor, var micro] => (Number(major), Number(minor), Number(micro)),
            _ => throw new ArgumentException($"--python-version '{text}' is not a version such as 3.12, 3.12.4 or 312."),
        };
    }

    /// <summary>For messages: what the options describe, e.g. "cp312 on manylinux2014_x86_64 (--platform, --python-version)".</summary>
    public string Describe(InterpreterInfo asked)
    {
        var implementation = Implementation ?? CompatibilityTags.ShortName(asked.ImplementationName);
        var (major, minor) = Version is { } version ? (version.Major, version.Minor) : (asked.Major, asked.Minor);
        var given = new[]
            {
                ("--python-version", Version is not null), ("--implementation", Implementation is not null), ("--platform", Platforms.Count > 0),
                ($"--python-platform {PythonPlatform?.Name}", PythonPlatform is not null), ("--abi", Abis.Count > 0),
            }
            .Where(option => option.Item2).Select(option => option.Item1);
        return $"{implementation}{major}{minor}{(NamedPlatforms.Count > 0 ? " on " + NamedPlatforms[0] : "")} ({string.Join(", ", given)})";
    }

    /// <summary>The version <c>Requires-Python</c> is compared with.</summary>
    public string FullVersion(InterpreterInfo asked) =>
        Version is { } version ? $"{version.Major}.{version.Minor}.{version.Micro}" : asked.FullVersion;

    /// <summary>
    /// Marker values for the foreign interpreter: its version and implementation, and the system and machine its first
    /// platform tag names (as uv reads <c>--python-platform</c>; pip 23.2 keeps the running interpreter's markers). With
    /// <c>--python-platform</c>, as uv, the kernel's <c>platform_release</c> and <c>platform_version</c> are empty: this
    /// machine's say nothing of the target's.
    /// </summary>
    public IReadOnlyDictionary<string, string> Markers(IReadOnlyDictionary<string, string> asked)
    {
        var markers = new Dictionary<string, string>(asked, StringComparer.Ordinal);
        if (Version is { } version)
        {
            markers["python_version"] = $"{version.Major}.{version.Minor}";
            markers["python_full_version"] = $"{version.Major}.{version.Minor}.{version.Micro}";
        }
        if (Implementation is not null && Implementations.TryGetValue(Implementation, out var named))
        {
            markers["implementation_name"] = named.Name;
            markers["platform_python_implementation"] = named.Implementation;
            if (Version is not null && Implementation == "cp")
            {
                markers["implementation_version"] = markers["python_full_version"];
            }
        }
        if (PythonPlatform is { } target)
        {
            markers["sys_platform"] = target.SysPlatform;
            markers["platform_system"] = target.System;
            markers["os_name"] = target.OsName;
            markers["platform_machine"] = target.Machine;
            markers["platform_release"] = "";
            markers["platform_version"] = "";
        }
        else if (Platforms.Count > 0 && PlatformMarkers(Platforms[0]) is { } platform)
        {
            markers["sys_platform"] = platform.SysPlatform;
            markers["platform_system"] = platform.System;
            markers["os_name"] = platform.OsName;
            if (platform.Machine is { } machine)
            {
                markers["platform_machine"] = machine;
            }
        }
        return markers;
    }

    // What Python on the platform a tag names reports; null for a tag this does not know (the asked values stay).
    internal static (string SysPlatform, string System, string OsName, string? Machine)? PlatformMarkers(string tag)
    {
        if (tag.StartsWith("manylinux_", StringComparison.Ordinal) || tag.StartsWith("musllinux_", StringComparison.Ordinal))
        {
            var parts = tag.Split('_', 4);
            return ("linux", "Linux", "posix", parts.Length == 4 ? parts[3] : null);
        }
        if (tag.StartsWith("manylinux", StringComparison.Ordinal) || tag.StartsWith("linux_", StringComparison.Ordinal))
        {
            var separator = tag.IndexOf('_', StringComparison.Ordinal);
            return ("linux", "Linux", "posix", separator > 0 ? tag[(separator + 1)..] : null);
        }
        if (tag.StartsWith("macosx_", StringComparison.Ordinal))
        {
            var parts = tag.Split('_', 4);
            // A fat binary format (universal2, intel...) names no one machine.
            var machine = parts.Length == 4 && parts[3] is "x86_64" or "arm64" or "i386" or "ppc64" or "ppc" ? parts[3] : null;
            return ("darwin", "Darwin", "posix", machine);
        }
        return tag switch
        {
            "win_amd64" => ("win32", "Windows", "nt", "AMD64"),
            "win32" => ("win32", "Windows", "nt", "x86"),
            "win_arm64" => ("win32", "Windows", "nt", "ARM64"),
            _ => null,
        };
    }
}
