using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Environments;

/// <summary>The tags an interpreter accepts, best first, in the order pip ranks wheels by (pypa/packaging's <c>sys_tags()</c>).</summary>
internal sealed class CompatibilityTags
{
    // PEP 425's abbreviations; other implementations use their full name.
    private static readonly Dictionary<string, string> InterpreterShortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["python"] = "py",
        ["cpython"] = "cp",
        ["pypy"] = "pp",
        ["ironpython"] = "ip",
        ["jython"] = "jy",
    };

    private readonly Dictionary<CompatibilityTag, int> priorities;

    /// <summary>Takes tags already in priority order; a repeated tag keeps its first (best) position.</summary>
    public CompatibilityTags(IEnumerable<CompatibilityTag> tagsInPriorityOrder)
    {
        var tags = new List<CompatibilityTag>();
        priorities = [];
        foreach (var tag in tagsInPriorityOrder)
        {
            if (priorities.TryAdd(tag, tags.Count))
            {
                tags.Add(tag);
            }
        }
        Tags = tags;
    }

    /// <summary>Every accepted tag, best first.</summary>
    public IReadOnlyList<CompatibilityTag> Tags { get; }

    /// <summary>The tag's rank, 0 being the best; null when the interpreter does not accept it.</summary>
    public int? Priority(CompatibilityTag tag) => priorities.TryGetValue(tag, out var priority) ? priority : null;

    /// <summary>The best rank over the wheel's tags; null when the wheel cannot be installed here.</summary>
    public int? BestPriority(WheelFilename wheel)
    {
        int? best = null;
        foreach (var tag in wheel.Tags)
        {
            if (priorities.TryGetValue(tag, out var priority) && (best is null || priority < best))
            {
                best = priority;
            }
        }
        return best;
    }

    public bool IsCompatible(WheelFilename wheel) => BestPriority(wheel) is not null;

    /// <summary>PEP 425's name of an implementation (<c>sys.implementation.name</c>): <c>cp</c> for cpython, the name itself for one without an abbreviation.</summary>
    public static string ShortName(string implementationName) =>
        InterpreterShortNames.GetValueOrDefault(implementationName, implementationName.ToLowerInvariant());

    /// <summary>The tags <paramref name="interpreter"/> accepts, in pip's order.</summary>
    /// <param name="interpreter">The target interpreter.</param>
    /// <param name="soabi">sysconfig's <c>SOABI</c> (e.g. <c>pypy310-pp73</c>), which names a non-CPython ABI; without it such an
    /// interpreter only gets the <c>none</c> ABI.</param>
    public static CompatibilityTags ForInterpreter(InterpreterInfo interpreter, string? soabi = null)
    {
        var platforms = PlatformTags.For(interpreter);
        var shortName = ShortName(interpreter.ImplementationName);
        var nodot = $"{interpreter.Major}{interpreter.Minor}";
        var interpreterTag = shortName + nodot;

        var tags = shortName == "cp"
            ? CPythonTags(interpreter.Major, interpreter.Minor, CPythonAbis(interpreter.Major, interpreter.Minor, interpreter.Abiflags), platforms)
            : GenericTags(interpreterTag, string.IsNullOrEmpty(soabi) ? [] : [PlatformTags.Normalize(soabi)], platforms);
        tags.AddRange(CompatibleTags(interpreter.Major, interpreter.Minor, interpreterTag, platforms));
        return new CompatibilityTags(tags);
    }

    /// <summary>
    /// The tags of an interpreter described by pip's <c>--python-version</c>, <c>--implementation</c>, <c>--platform</c> and
    /// <c>--abi</c>, in pip's order (its <c>get_supported</c>); what is not given is <paramref name="asked"/>'s.
    /// </summary>
    public static CompatibilityTags ForForeign(InterpreterInfo asked, ForeignInterpreter foreign)
    {
        var shortName = foreign.Implementation ?? ShortName(asked.ImplementationName);
        var (major, minor) = foreign.Version is { } version ? (version.Major, version.Minor) : (asked.Major, asked.Minor);
        // pip widens a legacy manylinux tag to the older ones it implies, and a macOS one to every older macOS and format;
        // uv's --python-platform names its complete list.
        var platforms = foreign.PythonPlatform is { } target ? target.Tags
            : foreign.Platforms.Count > 0 ? foreign.Platforms.SelectMany(PipCustomPlatforms).ToList()
            : PlatformTags.For(asked);
        var interpreterTag = $"{shortName}{major}{minor}";
        // "abi3" and "none" given as ABIs keep their own places below.
        var abis = foreign.Abis.Where(abi => abi is not ("abi3" or "none")).ToList();
        var tags = shortName == "cp"
            ? CPythonTags(major, minor, foreign.Abis.Count > 0 ? abis : CPythonAbis(major, minor, (major, minor) == (asked.Major, asked.Minor) ? asked.Abiflags : ""), platforms)
            : GenericTags(interpreterTag, abis, platforms);
        tags.AddRange(CompatibleTags(major, minor, interpreterTag, platforms));
        return new CompatibilityTags(tags);
    }

    private static IEnumerable<string> PipCustomPlatforms(string platform)
    {
        var (prefix, suffix) = platform.IndexOf('_', StringComparison.Ordinal) is var split and > 0 ? (platform[..split], platform[(split + 1)..]) : (platform, "");
        if (platform.StartsWith("macosx_", StringComparison.Ordinal) && platform.Split('_', 4) is [_, var major, var minor, var arch]
            && int.TryParse(major, System.Globalization.CultureInfo.InvariantCulture, out var macMajor) && int.TryParse(minor, System.Globalization.CultureInfo.InvariantCulture, out var macMinor))
        {
            return PlatformTags.MacOS((macMajor, macMinor), arch);
        }
        return prefix switch
        {
            "manylinux2014" when suffix is "x86_64" or "i686" => [platform, $"manylinux2010_{suffix}", $"manylinux1_{suffix}"],
            "manylinux2010" => [platform, $"manylinux1_{suffix}"],
            _ => [platform],
        };
    }

    /// <summary>A CPython's ABI tags from its <c>sys.abiflags</c>: its own, and from 3.8 a debug build's release one too.</summary>
    private static List<string> CPythonAbis(int major, int minor, string abiflags)
    {
        var interpreter = $"cp{major}{minor}";
        var abis = new List<string> { interpreter + abiflags.ToLowerInvariant() };
        // From 3.8 a debug build ("d") also loads release-build extension modules, and pymalloc ("m") is gone.
        if (abiflags.Contains('d', StringComparison.Ordinal) && (major, minor).CompareTo((3, 8)) >= 0)
        {
            abis.Add(interpreter + (abiflags.Contains('t', StringComparison.Ordinal) ? "t" : ""));
        }
        return abis;
    }

    /// <summary>CPython's own tags: its ABIs, then abi3, then none, each over every platform; then abi3 of older 3.x releases.</summary>
    private static List<CompatibilityTag> CPythonTags(int major, int minor, IReadOnlyList<string> abis, IReadOnlyList<string> platforms)
    {
        var interpreter = $"cp{major}{minor}";
        // As pypa/packaging: the first ABI's flags tell a free-threaded build (cp313t), which cannot load the stable ABI.
        var freeThreaded = abis.Count > 0 && abis[0].StartsWith("cp", StringComparison.Ordinal)
            && abis[0].AsSpan(2).TrimStart("0123456789").Contains('t');
        // PEP 384's stable ABI began with 3.2.
        var abi3Applies = major == 3 && minor >= 2 && !freeThreaded;

        var tags = new List<CompatibilityTag>();
        foreach (var abi in abis)
        {
            AddForEachPlatform(tags, interpreter, abi, platforms);
        }
        if (abi3Applies)
        {
            AddForEachPlatform(tags, interpreter, "abi3", platforms);
        }
        AddForEachPlatform(tags, interpreter, "none", platforms);
        if (abi3Applies)
        {
            for (var older = minor - 1; older >= 2; older--)
            {
                AddForEachPlatform(tags, $"cp{major}{older}", "abi3", platforms);
            }
        }
        return tags;
    }

    /// <summary>Any other implementation: its interpreter tag with its ABIs (its SOABI), then with none, over every platform.</summary>
    private static List<CompatibilityTag> GenericTags(string interpreterTag, IReadOnlyList<string> abis, IReadOnlyList<string> platforms)
    {
        var tags = new List<CompatibilityTag>();
        foreach (var abi in abis)
        {
            AddForEachPlatform(tags, interpreterTag, abi, platforms);
        }
        AddForEachPlatform(tags, interpreterTag, "none", platforms);
        return tags;
    }

    /// <summary>Pure-Python tags: pyXY, pyX, then older pyX* on every platform; then the interpreter's own none-any; then py*-none-any.</summary>
    private static IEnumerable<CompatibilityTag> CompatibleTags(int major, int minor, string interpreterTag, IReadOnlyList<string> platforms)
    {
        var pythons = new List<string> { $"py{major}{minor}", $"py{major}" };
        for (var older = minor - 1; older >= 0; older--)
        {
            pythons.Add($"py{major}{older}");
        }

        var tags = new List<CompatibilityTag>();
        foreach (var python in pythons)
        {
            AddForEachPlatform(tags, python, "none", platforms);
        }
        // pip's get_supported() passes the versioned interpreter (cp311) here; packaging's sys_tags() before 22 did not.
        tags.Add(new CompatibilityTag(interpreterTag, "none", "any"));
        foreach (var python in pythons)
        {
            tags.Add(new CompatibilityTag(python, "none", "any"));
        }
        return tags;
    }

    private static void AddForEachPlatform(List<CompatibilityTag> tags, string python, string abi, IReadOnlyList<string> platforms)
    {
        foreach (var platform in platforms)
        {
            tags.Add(new CompatibilityTag(python, abi, platform));
        }
    }
}
