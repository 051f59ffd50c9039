using System.Text.RegularExpressions;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Inspect;

/// <summary>
/// Finds the distributions of site-packages folders in the order pip 23.2 (importlib backend) finds them, since
/// <c>pip check</c> prints in that order: per folder, directory-listing order grouped by name, first one of a name wins.
/// </summary>
internal static partial class InstalledProjectScanner
{
    /// <summary>
    /// Scans <paramref name="roots"/> in order (a root repeated is scanned once), each followed, as pip follows it, by
    /// the folders its <c>.egg-link</c> files name (legacy develop installs, found there even without a <c>.pth</c> line).
    /// </summary>
    public static IReadOnlyList<InstalledProject> Scan(IEnumerable<string> roots, Action<string>? warn = null)
    {
        var found = new List<InstalledProject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var folders = roots.Where(r => r.Length > 0).Select(r => Path.GetFullPath(r).TrimEnd('/')).Distinct(StringComparer.Ordinal).ToList();
        foreach (var root in folders)
        {
            if (!Directory.Exists(root))
            {
                continue;
            }
            foreach (var candidate in Candidates(root))
            {
                Add(candidate, root, linkedFrom: null);
            }
            foreach (var linked in LinkedFolders(root))
            {
                foreach (var candidate in Candidates(linked))
                {
                    Add(candidate, linked, linkedFrom: root);
                }
            }
        }
        return found;

        void Add(string candidate, string root, string? linkedFrom)
        {
            var metadata = ReadMetadata(candidate);
            var name = metadata.Get("Name");
            if (name is null)
            {
                warn?.Invoke($"Skipping {candidate} due to invalid metadata entry 'name'");
                return;
            }
            if (!seen.Add(Normalize(name)))
            {
                return;
            }
            var stem = Path.GetFileName(candidate);
            var canonical = Normalize(stem[..stem.LastIndexOf('.')].Split('-', 2)[0]);
            // pip drops leftovers such as "~atplotlib.dist-info" (an interrupted uninstall's temp folder).
            if (!ValidName().IsMatch(canonical))
            {
                warn?.Invoke($"Ignoring invalid distribution {canonical} ({root})");
                return;
            }
            var version = metadata.Get("Version") ?? "";
            found.Add(new InstalledProject(canonical, name, version, candidate, WithEggInfoRequires(metadata, candidate), EggLinkOf(name, folders), linkedFrom));
        }
    }

    private static IEnumerable<string> LinkedFolders(string root) =>
        new DirectoryInfo(root).EnumerateFiles("*.egg-link", new EnumerationOptions { AttributesToSkip = 0, MatchCasing = MatchCasing.CaseSensitive })
            .Select(link => Environments.SitePackages.EggLinkTarget(link.FullName))
            .OfType<string>();

    // pip looks for "{safe name}.egg-link" in every folder of the search path (pkg_resources' safe_name of the Name header).
    private static string? EggLinkOf(string name, IReadOnlyList<string> folders)
    {
        var fileName = UnsafeNameCharacters().Replace(name, "-") + ".egg-link";
        return folders.Select(folder => Path.Combine(folder, fileName)).FirstOrDefault(File.Exists);
    }

    /// <summary>PEP 503 normalisation that, unlike <see cref="PackageName"/>, accepts any text.</summary>
    public static string Normalize(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    // importlib.metadata's Lookup: *.dist-info and *.egg-info (files too), grouped by the name before the first '-'.
    private static IEnumerable<string> Candidates(string root)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            var lower = entry.Name.ToLowerInvariant();
            if (!lower.EndsWith(".dist-info", StringComparison.Ordinal) && !lower.EndsWith(".egg-info", StringComparison.Ordinal))
            {
                continue;
            }
            var key = Normalize(lower[..lower.LastIndexOf('.')].Split('-', 2)[0]).Replace('-', '_');
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                order.Add(key);
            }
            group.Add(entry.FullName);
        }
        return order.SelectMany(key => groups[key]);
    }

    private static MetadataHeaders ReadMetadata(string infoPath)
    {
        try
        {
            if (Directory.Exists(infoPath))
            {
                foreach (var file in new[] { "METADATA", "PKG-INFO" })
                {
                    var path = Path.Combine(infoPath, file);
                    if (File.Exists(path))
                    {
                        return MetadataHeaders.Parse(File.ReadAllText(path));
                    }
                }
                return MetadataHeaders.Empty;
            }
            // A single-file .egg-info is the PKG-INFO itself.
            return File.Exists(infoPath) ? MetadataHeaders.Parse(File.ReadAllText(infoPath)) : MetadataHeaders.Empty;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return MetadataHeaders.Empty;
        }
    }

    // setuptools' egg-info keeps dependencies in requires.txt; pip turns them into Requires-Dist when METADATA has none.
    private static MetadataHeaders WithEggInfoRequires(MetadataHeaders metadata, string infoPath)
    {
        if (metadata.GetAll("Requires-Dist").Count > 0)
        {
            return metadata;
        }
        var path = Path.Combine(infoPath, "requires.txt");
        if (!File.Exists(path))
        {
            return metadata;
        }
        var requirements = new List<string>();
        string extra = "", marker = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var section = line.Trim('[', ']');
                var colon = section.IndexOf(':', StringComparison.Ordinal);
                (extra, marker) = colon < 0 ? (section, "") : (section[..colon], section[(colon + 1)..]);
                continue;
            }
            var safeExtra = UnsafeExtraCharacters().Replace(extra, "_").ToLowerInvariant();
            var condition = (extra.Length > 0, marker.Length > 0) switch
            {
                (true, true) => $"({marker}) and extra == \"{safeExtra}\"",
                (true, false) => $"extra == \"{safeExtra}\"",
                (false, true) => marker,
                _ => "",
            };
            requirements.Add(condition.Length > 0 ? $"{line} ; {condition}" : line);
        }
        return metadata.With("Requires-Dist", requirements);
    }

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();

    [GeneratedRegex("[^A-Za-z0-9.]+")]
    private static partial Regex UnsafeNameCharacters();

    [GeneratedRegex("[^A-Za-z0-9.-]+")]
    private static partial Regex UnsafeExtraCharacters();

    // PEP 508's name pattern, which pip applies to the canonical name.
    [GeneratedRegex("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex ValidName();
}
