using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Inspect;

/// <summary>
/// The selection options of <c>pip list</c> and <c>pip freeze</c> 23.2 (<c>--local</c>, <c>--editable</c>,
/// <c>--exclude-editable</c>), applied in pip's order to the projects found.
/// </summary>
internal sealed record ListFilter(bool LocalOnly = false, bool EditablesOnly = false, bool ExcludeEditables = false)
{
    public IReadOnlyList<InstalledProject> Apply(IEnumerable<InstalledProject> projects, InterpreterInfo interpreter)
    {
        var selected = projects;
        if (LocalOnly && interpreter.IsVirtualEnvironment)
        {
            // pip's is_local: the real path starts with the venv's real prefix, as text (no separator check).
            var prefix = RealPath.Of(interpreter.Prefix);
            selected = selected.Where(project => RealPath.Of(project.InstalledLocation).StartsWith(prefix, StringComparison.Ordinal));
        }
        if (ExcludeEditables)
        {
            selected = selected.Where(project => !IsEditable(project));
        }
        if (EditablesOnly)
        {
            selected = selected.Where(IsEditable);
        }
        return selected.ToList();
    }

    /// <summary>
    /// <c>pip list --not-required</c>: the projects no listed project depends on (its requirements that apply with no
    /// extras requested; one pip could not read is left out).
    /// </summary>
    public static IReadOnlyList<InstalledProject> NotRequired(IReadOnlyList<InstalledProject> projects, IReadOnlyDictionary<string, string> markerEnvironment)
    {
        var required = projects
            .SelectMany(project => ProjectDependencies.ApplyingOrSkipping(project, markerEnvironment))
            .Select(requirement => requirement.Name.Normalized)
            .ToHashSet(StringComparer.Ordinal);
        return projects.Where(project => !required.Contains(project.CanonicalName)).ToList();
    }

    private static bool IsEditable(InstalledProject project) => project.EditableLocation(DirectUrlRecord.Read(project)) is not null;
}
