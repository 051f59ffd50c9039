namespace Dataflow.Installer.Inspect;

/// <summary>The three output formats of <c>pip list</c> 23.2, computed from installed projects.</summary>
internal static class PackageListing
{
    /// <summary>Names pip never lists: its <c>stdlib_pkgs</c>, which old Pythons shipped with metadata.</summary>
    public static IReadOnlySet<string> StandardLibraryNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "python", "wsgiref", "argparse" };

    /// <summary>The projects pip lists, in its order: by canonical name, ordinally; <paramref name="excluded"/> names (any spelling) left out.</summary>
    public static IReadOnlyList<InstalledProject> Listed(IEnumerable<InstalledProject> projects, IEnumerable<string>? excluded = null)
    {
        var skipped = new HashSet<string>(StandardLibraryNames, StringComparer.Ordinal);
        skipped.UnionWith((excluded ?? []).Select(InstalledProjectScanner.Normalize));
        return projects.Where(project => !skipped.Contains(project.CanonicalName))
            .OrderBy(project => project.CanonicalName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The <c>columns</c> lines: a "Package Version" header, a row of dashes, one row per project, each column as wide
    /// as its longest cell and trailing spaces trimmed. Nothing at all for an empty environment, as pip prints.
    /// </summary>
    /// <paramref name="editableLocations"/> (by canonical name) adds pip's "Editable project location" column, and
    /// <paramref name="verbose"/> (pip's <c>-v</c>) its "Location" and "Installer" columns.
    public static IReadOnlyList<string> Columns(IReadOnlyList<InstalledProject> listed, IReadOnlyDictionary<string, string>? editableLocations = null, bool verbose = false)
    {
        if (listed.Count == 0)
        {
            return [];
        }
        var editables = editableLocations is { Count: > 0 } && listed.Any(project => editableLocations.ContainsKey(project.CanonicalName));
        var header = new List<string> { "Package", "Version" };
        if (editables)
        {
            header.Add("Editable project location");
        }
        if (verbose)
        {
            header.AddRange(["Location", "Installer"]);
        }
        var rows = new List<string[]> { header.ToArray() };
        rows.AddRange(listed.Select(project =>
        {
            var row = new List<string> { project.Name, project.DisplayVersion };
            if (editables)
            {
                row.Add(editableLocations!.GetValueOrDefault(project.CanonicalName, ""));
            }
            if (verbose)
            {
                row.AddRange([project.Location, project.ReadInstaller()]);
            }
            return row.ToArray();
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var lines = rows.Select(row => string.Join(' ', row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd()).ToList();
        lines.Insert(1, string.Join(' ', widths.Select(width => new string('-', width))));
        return lines;
    }

    /// <summary>The <c>freeze</c> format of <c>pip list</c>: <c>Name==version</c> lines (no URLs, unlike <c>pip freeze</c>), with <c>(location)</c> when verbose.</summary>
    public static IReadOnlyList<string> Freeze(IReadOnlyList<InstalledProject> listed, bool verbose = false) =>
        listed.Select(project => verbose ? $"{project.Name}=={project.DisplayVersion} ({project.Location})" : $"{project.Name}=={project.DisplayVersion}").ToList();

    /// <summary>The <c>json</c> format: one line, <c>[{"name": ..., "version": ...}, ...]</c>.</summary>
    public static string Json(IReadOnlyList<InstalledProject> listed, IReadOnlyDictionary<string, string>? editableLocations = null, bool verbose = false) =>
        PythonJson.Array(listed.Select(project =>
        {
            var properties = new List<KeyValuePair<string, string>> { new("name", project.Name), new("version", project.DisplayVersion) };
            if (verbose)
            {
                properties.Add(new("location", project.Location));
                properties.Add(new("installer", project.ReadInstaller()));
            }
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
