namespace Dataflow.Installer.Inspect;

/// <summary>The output of <c>pip show</c> 23.2: mail-header style blocks, one per project found, separated by <c>---</c>.</summary>
internal static partial class ProjectReport
{
    /// <summary>
    /// The lines for <paramref name="queries"/> (names as typed, any spelling) and the names not found, sorted as pip
    /// sorts them for its warning.
    /// </summary>
    public static (IReadOnlyList<string> Lines, IReadOnlyList<string> NotFound) Build(
        IReadOnlyList<InstalledProject> projects,
        IReadOnlyList<string> queries,
        IReadOnlyDictionary<string, string> markerEnvironment,
        bool listFiles,
        bool verbose = false)
    {
        var installed = new Dictionary<string, InstalledProject>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            installed[project.CanonicalName] = project;
        }
        var notFound = queries.Where(query => !installed.ContainsKey(InstalledProjectScanner.Normalize(query))).Order(StringComparer.Ordinal).ToList();
        var requirements = installed.Values.ToDictionary(
            project => project.CanonicalName, project => ProjectDependencies.ApplyingOrSkipping(project, markerEnvironment), StringComparer.Ordinal);

        var lines = new List<string>();
        foreach (var query in queries)
        {
            if (!installed.TryGetValue(InstalledProjectScanner.Normalize(query), out var project))
            {
                continue;
            }
            if (lines.Count > 0)
            {
                lines.Add("---");
            }
            var metadata = project.Metadata;
            var requires = requirements[project.CanonicalName].Select(requirement => requirement.NameText).OrderBy(name => name.ToLowerInvariant(), StringComparer.Ordinal);
            var requiredBy = installed.Values
                .Where(other => requirements[other.CanonicalName].Any(requirement => requirement.Name.Normalized == project.CanonicalName))
                .Select(other => other.Metadata.Get("Name") ?? "UNKNOWN")
                .OrderBy(name => name.ToLowerInvariant(), StringComparer.Ordinal);
            lines.Add("Name: " + project.Name);
            lines.Add("Version: " + project.DisplayVersion);
            lines.Add("Summary: " + (metadata.Get("Summary") ?? ""));
            lines.Add("Home-page: " + (metadata.Get("Home-page") ?? ""));
            lines.Add("Author: " + (metadata.Get("Author") ?? ""));
            lines.Add("Author-email: " + (metadata.Get("Author-email") ?? ""));
            lines.Add("License: " + (metadata.Get("License") ?? ""));
            lines.Add("Location: " + project.Location);
            if (project.EditableLocation(DirectUrlRecord.Read(project)) is { } editable)
            {
                lines.Add("Editable project location: " + editable);
            }
            lines.Add("Requires: " + string.Join(", ", requires));
            lines.Add("Required-by: " + string.Join(", ", requiredBy));
            if (verbose)
            {
                lines.Add("Metadata-Version: " + (metadata.Get("Metadata-Version") ?? ""));
                lines.Add("Installer: " + project.ReadInstaller());
                lines.Add("Classifiers:");
                lines.AddRange(metadata.GetAll("Classifier").Select(classifier => "  " + classifier));
                lines.Add("Entry-points:");
                // pip prints every line of the file, section headers and blank lines too, stripped and indented.
                var entryPoints = project.ReadText("entry_points.txt");
                lines.AddRange(SplitLines(entryPoints).Select(line => "  " + line.Trim()));
                lines.Add("Project-URLs:");
                lines.AddRange(metadata.GetAll("Project-URL").Select(url => "  " + url));
            }
            if (listFiles)
            {
                lines.Add("Files:");
                var files = InstalledFiles.Declared(project);
                if (files is null)
                {
                    lines.Add("Cannot locate RECORD or installed-files.txt");
                }
                else
                {
                    lines.AddRange(files.Order(StringComparer.Ordinal).Select(file => "  " + file.Trim()));
                }
            }
        }
        return (lines, notFound);
    }

    // Python's str.splitlines(): a final line break ends the last line instead of starting an empty one.
    private static IEnumerable<string> SplitLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var lines = LineBreaks().Split(text);
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\r\n|\r|\n")]
    private static partial System.Text.RegularExpressions.Regex LineBreaks();
}
