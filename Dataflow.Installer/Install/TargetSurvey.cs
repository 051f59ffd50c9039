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
        var present = new Dictionary<string, bool>(StringComparer.Ordinal) { [prefix] = true };
        var created = new List<string>();
        var existing = new List<string>();
        foreach (var group in targets.GroupBy(target => Path.GetDirectoryName(target)!, StringComparer.Ordinal))
        {
            if (!IsPresent(group.Key))
            {
                continue;
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in new DirectoryInfo(group.Key).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
            {
                // A folder in the way is not replaced by the linker either; only files and links are moved aside.
                if (entry is FileInfo)
                {
                    names.Add(entry.Name);
                }
            }
            existing.AddRange(group.Distinct(StringComparer.Ordinal).Where(target => names.Contains(Path.GetFileName(target))));
        }
        return new TargetSurvey(targets, existing, created);

        bool IsPresent(string directory)
        {
            if (present.TryGetValue(directory, out var known))
            {
                return known;
            }
            var parent = Path.GetDirectoryName(directory);
            bool exists;
            if (parent is null || directory.Length <= prefix.Length)
            {
                exists = Directory.Exists(directory);
            }
            else if (!IsPresent(parent))
            {
                exists = false;
            }
            else
            {
                exists = Directory.Exists(directory);
                if (!exists)
                {
                    created.Add(directory);
                }
            }
            present[directory] = exists;
            return exists;
        }
    }
}
