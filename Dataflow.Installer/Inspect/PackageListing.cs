namespace Dataflow.Installer.Inspect;

/// <summary>The three output formats of <c>pip list</c> 23.2, computed from installed projects.</summary>
internal static class PackageListing
{
    /// <summary>Names pip never lists: its <c>stdlib_pkgs</c>, which old Pythons shipped with metadata.</summary>
    public static IReadOnlySet<string> StandardLibraryNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "python", "wsgiref", "argparse" };

    /// <summary>The projects pip lists, in its order: by canonical name, ordinally.</summary>
    public static IReadOnlyList<InstalledProject> Listed(IEnumerable<InstalledProject> projects) =>
        projects.Where(project => !StandardLibraryNames.Contains(project.CanonicalName))
            .OrderBy(project => project.CanonicalName, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The <c>columns</c> lines: a "Package Version" header, a row of dashes, one row per project, each column as wide
    /// as its longest cell and trailing spaces trimmed. Nothing at all for an empty environment, as pip prints.
    /// </summary>
    /// <paramref name="editableLocations"/> (by canonical name) adds pip's "Editable project location" column.
    public static IReadOnlyList<string> Columns(IReadOnlyList<InstalledProject> listed, IReadOnlyDictionary<string, string>? editableLocations = null)
    {
        if (listed.Count == 0)
        {
            return [];
        }
        var editables = editableLocations is { Count: > 0 } && listed.Any(project => editableLocations.ContainsKey(project.CanonicalName));
        var rows = new List<string[]> { editables ? ["Package", "Version", "Editable project location"] : ["Package", "Version"] };
        rows.AddRange(listed.Select(project => editables
            ? new[] { project.Name, project.DisplayVersion, editableLocations!.GetValueOrDefault(project.CanonicalName, "") }
            : new[] { project.Name, project.DisplayVersion }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var lines = rows.Select(row => string.Join(' ', row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd()).ToList();
        lines.Insert(1, string.Join(' ', widths.Select(width => new string('-', width))));
        return lines;
    }

    /// <summary>The <c>freeze</c> format of <c>pip list</c>: <c>Name==version</c> lines (no URLs, unlike <c>pip freeze</c>).</summary>
    public static IReadOnlyList<string> Freeze(IReadOnlyList<InstalledProject> listed) =>
        listed.Select(project => $"{project.Name}=={project.DisplayVersion}").ToList();

    /// <summary>The <c>json</c> format: one line, <c>[{"name": ..., "version": ...}, ...]</c>.</summary>
    public static string Json(IReadOnlyList<InstalledProject> listed, IReadOnlyDictionary<string, string>? editableLocations = null) =>
        PythonJson.Array(listed.Select(project =>
        {
            var properties = new List<KeyValuePair<string, string>> { new("name", project.Name), new("version", project.DisplayVersion) };
            if (editableLocations?.GetValueOrDefault(project.CanonicalName) is { Length: > 0 } location)
            {
                properties.Add(new("editable_project_location", location));
            }
            return (IReadOnlyList<KeyValuePair<string, string>>)properties;
        }));

    /// <summary>The editable projects' folders by canonical name, from their <c>direct_url.json</c> (PEP 610, PEP 660) or egg-link.</summary>
    public static IReadOnlyDictionary<string, string> EditableLocations(IEnumerable<InstalledProject> projects) =>
        projects.Select(project => (project.CanonicalName, Location: project.EditableLocation(DirectUrlRecord.Read(project))))
            .Where(pair => pair.Location is not null)
            .GroupBy(pair => pair.CanonicalName, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Location!, StringComparer.Ordinal);
}
