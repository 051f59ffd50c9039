namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// Every path under a folder with its inode, link count, size and mtime (from <c>find -printf</c>, since .NET exposes
/// no inodes), so "unchanged" means not rewritten, not replaced and not touched, as well as the same names.
/// </summary>
internal sealed class TreeSnapshot
{
    private TreeSnapshot(string root, IReadOnlyList<TreeEntry> entries)
    {
        Root = root;
        Entries = entries;
    }

    public string Root { get; }

    /// <summary>Sorted by path, relative to <see cref="Root"/>.</summary>
    public IReadOnlyList<TreeEntry> Entries { get; }

    public IReadOnlyList<string> Paths => Entries.Select(entry => entry.Path).ToList();

    public TreeEntry this[string path] => Entries.Single(entry => entry.Path == path);

    /// <summary>
    /// Fails with the paths that appeared, disappeared or changed since <paramref name="before"/>. Link counts are
    /// ignored on request: a cache file legitimately gains links whenever another environment hard-links it.
    /// </summary>
    public void ShouldBeUnchangedSince(TreeSnapshot before, bool ignoreLinkCounts = false, string because = "")
    {
        var old = before.Entries.ToDictionary(entry => entry.Path);
        var now = Entries.ToDictionary(entry => entry.Path);
        var differences = old.Keys.Except(now.Keys).Select(path => $"removed: {old[path]}")
            .Concat(now.Keys.Except(old.Keys).Select(path => $"added: {now[path]}"))
            .Concat(now.Keys.Intersect(old.Keys)
                .Where(path => (ignoreLinkCounts ? now[path] with { LinkCount = 0 } : now[path]) != (ignoreLinkCounts ? old[path] with { LinkCount = 0 } : old[path]))
                .Select(path => $"changed: {old[path]} -> {now[path]}"))
            .ToList();
        differences.Should().BeEmpty($"{Root} should be unchanged{(because.Length > 0 ? " because " + because : "")}");
    }

    /// <summary>
    /// The folders' paths, sorted: compared by name, because a rollback that moves entries out and back changes a
    /// folder's mtime (and re-creates an emptied one), not what it holds.
    /// </summary>
    public IReadOnlyList<string> FolderPaths => Entries.Where(entry => entry.Type == 'd').Select(entry => entry.Path).ToList();

    /// <summary>The files and links only, to compare exactly (inodes, sizes, mtimes) beside <see cref="FolderPaths"/>.</summary>
    public TreeSnapshot WithoutFolders() => new(Root, Entries.Where(entry => entry.Type != 'd').ToList());

    /// <summary>The same snapshot without the paths <paramref name="excluded"/> matches.</summary>
    public TreeSnapshot Without(Func<string, bool> excluded) =>
        new(Root, Entries.Where(entry => !excluded(entry.Path)).ToList());

    public static async Task<TreeSnapshot> TakeAsync(string root)
    {
        if (!Directory.Exists(root))
        {
            return new TreeSnapshot(root, []);
        }
        var result = await ChildProcess.RunAsync("find", [root, "-mindepth", "1", "-printf", @"%P\t%y\t%i\t%n\t%s\t%T@\n"]);
        result.ShouldSucceed();
        var entries = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(fields => new TreeEntry(
                fields[0],
                fields[1][0],
                long.Parse(fields[2]),
                int.Parse(fields[3]),
                // A directory's size depends on how many entries it ever held, not on what it holds.
                fields[1] == "d" ? 0 : long.Parse(fields[4]),
                fields[5]))
            .OrderBy(entry => entry.Path, StringComparer.Ordinal)
            .ToList();
        return new TreeSnapshot(root, entries);
    }
}
