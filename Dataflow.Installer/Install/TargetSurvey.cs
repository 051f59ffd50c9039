namespace Dataflow.Installer.Install;

/// <summary>
/// Which of an install's targets exist already and which folders it will create, at a cost per folder rather than
/// per file: a folder under a missing folder is missing too, and a present folder is listed once.
/// </summary>
internal sealed record TargetSurvey(IReadOnlyList<string> Targets, IReadOnlyList<string> Existing, IReadOnlyList<string> CreatedDirectories)
{
    /// <param name="targets">Full paths.</param>
    /// <param name="prefix">The environment's root, which exists.</param>
    public static TargetSurvey Of(IReadOnlyList<string> targets, string prefix)
    {
        // Folders are looked up by a slice of each target: an install surveys every file it places, and a string
        // per file's folder was most of what the survey allocated.
        var present = new Dictionary<string, bool>(StringComparer.Ordinal) { [prefix] = true };
        var presentBySlice = present.GetAlternateLookup<ReadOnlySpan<char>>();
        var listings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var listingsBySlice = listings.GetAlternateLookup<ReadOnlySpan<char>>();
        var created = new List<string>();
        var existing = new List<string>();
        HashSet<string>? seen = null;
        foreach (var target in targets)
        {
            var directory = Path.GetDirectoryName(target.AsSpan());
            if (directory.IsEmpty || !IsPresent(directory))
            {
                continue;
            }
            if (!listingsBySlice.TryGetValue(directory, out var names))
            {
                names = List(directory.ToString());
                listingsBySlice[directory] = names;
            }
            if (names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(Path.GetFileName(target.AsSpan())) && (seen ??= new(StringComparer.Ordinal)).Add(target))
            {
                existing.Add(target);
            }
        }
        return new TargetSurvey(targets, existing, created);

        bool IsPresent(ReadOnlySpan<char> directory)
        {
            if (presentBySlice.TryGetValue(directory, out var known))
            {
                return known;
            }
            var parent = Path.GetDirectoryName(directory);
            var name = directory.ToString();
            bool exists;
            if (parent.IsEmpty || directory.Length <= prefix.Length)
            {
                exists = Directory.Exists(name);
            }
            else if (!IsPresent(parent))
            {
                exists = false;
            }
            else
            {
                exists = Directory.Exists(name);
                if (!exists)
                {
                    created.Add(name);
                }
            }
            present[name] = exists;
            return exists;
        }
    }

    // A folder in the way is not replaced by the linker either; only files and links are moved aside.
    private static HashSet<string> List(string directory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            if (entry is FileInfo)
            {
                names.Add(entry.Name);
            }
        }
        return names;
    }
}
