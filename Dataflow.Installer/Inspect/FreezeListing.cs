namespace Dataflow.Installer.Inspect;

/// <summary>The lines of <c>pip freeze</c> 23.2 (without a requirements file), computed from installed projects.</summary>
internal static class FreezeListing
{
    /// <summary>
    /// What freeze leaves out unless <c>--all</c>: pip, and on Pythons before 3.12 also the build backends that
    /// <c>venv</c> used to seed (pip 23.2's <c>_should_suppress_build_backends</c>).
    /// </summary>
    public static IReadOnlySet<string> Skipped(int pythonMajor, int pythonMinor, bool all)
    {
        var skipped = new HashSet<string>(PackageListing.StandardLibraryNames, StringComparer.Ordinal);
        if (!all)
        {
            skipped.Add("pip");
            if ((pythonMajor, pythonMinor).CompareTo((3, 12)) < 0)
            {
                skipped.UnionWith(["setuptools", "distribute", "wheel"]);
            }
        }
        return skipped;
    }

    /// <summary>One line per project (two for an editable one), sorted by lower-cased name as pip sorts them.</summary>
    public static async Task<IReadOnlyList<string>> LinesAsync(
        IEnumerable<InstalledProject> projects, IReadOnlySet<string> skipped, CancellationToken cancellationToken, Action<string>? warn = null)
    {
        // pip keys by the canonical form of the Name header; a later duplicate replaces an earlier one.
        var byName = new Dictionary<string, (InstalledProject Project, string Text)>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            byName[InstalledProjectScanner.Normalize(project.Name)] = (project, await RenderAsync(project, cancellationToken, warn).ConfigureAwait(false));
        }
        return byName
            .OrderBy(entry => entry.Value.Project.Name.ToLowerInvariant(), StringComparer.Ordinal)
            .Where(entry => !skipped.Contains(entry.Key))
            .Select(entry => entry.Value.Text)
            .ToList();
    }

    /// <summary><c>Name==version</c> (<c>===</c> for a non-PEP 440 version), <c>Name @ url</c> for a PEP 610 direct URL install.</summary>
    public static async Task<string> RenderAsync(InstalledProject project, CancellationToken cancellationToken, Action<string>? warn = null)
    {
        var pinned = project.Version is null ? $"{project.Name}==={project.VersionText}" : $"{project.Name}=={project.DisplayVersion}";
        var direct = DirectUrlRecord.Read(project, warn);
        if (project.EditableLocation(direct) is { } location)
        {
            return await GitEditableSource.DescribeAsync(location, project.Name, pinned, cancellationToken).ConfigureAwait(false)
                ?? $"# Editable install with no version control ({pinned})\n-e {location}";
        }
        return direct is null ? pinned : direct.Reference(project.Name);
    }
}
