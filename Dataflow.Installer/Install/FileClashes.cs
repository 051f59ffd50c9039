using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>
/// Files that two distributions of one sync both install with different contents (two projects shipping one module,
/// a fork beside its original). Installed side by side, the copy that stays would be whichever install finished last.
/// pip installs one after another, and for distributions that do not depend on each other it installs them in
/// descending name order, so the name sorting first is installed last and its copy stays. Clashing distributions are
/// grouped to run one after another in that order, and the user is told. Identical files (the same RECORD hash, as
/// old-style namespace packages' <c>__init__.py</c> usually are) do not count: whichever stays, the bytes are the same.
/// </summary>
internal static class FileClashes
{
    /// <summary>Groups the installs: each group runs in the order given, groups run side by side, in the order of their first install.</summary>
    public static FileClashPlan Plan(IReadOnlyList<(PackageName Name, UnzippedWheel Wheel)> installs)
    {
        var owners = new Dictionary<string, (int Install, object? Content)>(installs.Sum(install => install.Wheel.Members.Count), StringComparer.Ordinal);
        // Each install's group, by the lowest install in it; clashes are few, so a join relabels.
        var groups = Enumerable.Range(0, installs.Count).ToArray();
        var clashes = new Dictionary<(int First, int Second), (int Count, string Example)>();

        void Claim(string key, int install, object? content, string shown)
        {
            if (!owners.TryGetValue(key, out var owner))
            {
                owners.Add(key, (install, content));
                return;
            }
            if (owner.Install == install || SameContent(owner.Content, content))
            {
                return;
            }
            var (from, to) = (Math.Max(groups[owner.Install], groups[install]), Math.Min(groups[owner.Install], groups[install]));
            for (var i = 0; i < groups.Length; i++)
            {
                groups[i] = groups[i] == from ? to : groups[i];
            }
            var pair = (Math.Min(owner.Install, install), Math.Max(owner.Install, install));
            clashes[pair] = clashes.TryGetValue(pair, out var seen) ? (seen.Count + 1, seen.Example) : (1, shown);
        }

        for (var index = 0; index < installs.Count; index++)
        {
            var wheel = installs[index].Wheel;
            foreach (var member in wheel.Members)
            {
                if (IsIn(member, wheel.DistInfoName))
                {
                    continue;
                }
                if (KeyOf(member) is { } key)
                {
                    Claim(key, index, wheel.Record.TryGetValue(member, out var row) ? row.Hash : null, member);
                }
            }
            foreach (var script in wheel.EntryPoints.ConsoleScripts.Concat(wheel.EntryPoints.GuiScripts))
            {
                Claim(ScriptsKey + script.Name, index, $"{script.Module}:{script.Attribute}", "script " + script.Name);
            }
        }
        if (clashes.Count == 0)
        {
            return new FileClashPlan([.. Enumerable.Range(0, installs.Count).Select(index => (IReadOnlyList<int>)[index])], []);
        }

        var warnings = clashes
            .OrderBy(clash => clash.Key)
            .Select(clash =>
            {
                var (first, second) = (installs[clash.Key.First].Name.Normalized, installs[clash.Key.Second].Name.Normalized);
                (first, second) = string.CompareOrdinal(first, second) < 0 ? (first, second) : (second, first);
                var files = clash.Value.Count == 1 ? $"'{clash.Value.Example}'" : $"{clash.Value.Count} files (first: '{clash.Value.Example}')";
                return $"{first} and {second} both install {files} with different contents; {first}'s copy is kept, as pip keeps it "
                    + "(installing it last). One of the two is probably not wanted.";
            })
            .ToList();
        var units = Enumerable.Range(0, installs.Count)
            .GroupBy(index => groups[index])
            .OrderBy(group => group.Min())
            .Select(group => (IReadOnlyList<int>)[.. group.OrderByDescending(index => installs[index].Name.Normalized, StringComparer.Ordinal)])
            .ToList();
        return new FileClashPlan(units, warnings);
    }

    // Scripts (from .data/scripts or entry points) share one folder; keys that no member path can be.
    private const string ScriptsKey = "\0scripts/";
    private const string DataKey = "\0data/";

    /// <summary>Where a member lands, as a key two wheels share only when they write the same file; null for headers (a folder per project).</summary>
    private static string? KeyOf(string member)
    {
        var slash = member.IndexOf('/');
        if (slash < 0 || !member.AsSpan(0, slash).EndsWith(".data", StringComparison.Ordinal))
        {
            // purelib and platlib are one folder in a virtual environment.
            return member;
        }
        var rest = member.AsSpan(slash + 1);
        var next = rest.IndexOf('/');
        if (next < 0)
        {
            return member;
        }
        var path = rest[(next + 1)..].ToString();
        return rest[..next] switch
        {
            "purelib" or "platlib" => path,
            "scripts" => ScriptsKey + path,
            "data" => DataKey + path,
            _ => null,
        };
    }

    private static bool IsIn(string member, string folder) =>
        member.Length > folder.Length && member[folder.Length] == '/' && member.StartsWith(folder, StringComparison.Ordinal);

    private static bool SameContent(object? first, object? second) => (first, second) switch
    {
        (RecordHash a, RecordHash b) => a.Algorithm == b.Algorithm && a.Digest.AsSpan().SequenceEqual(b.Digest),
        (string a, string b) => a == b,
        _ => false,
    };
}
