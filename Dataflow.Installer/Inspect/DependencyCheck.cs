using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Inspect;

/// <summary>What <c>pip check</c> 23.2 reports: every installed project's applying requirements, met by what is installed.</summary>
/// <param name="Lines">The report's lines, as pip prints them on stdout.</param>
/// <param name="Broken">True when a requirement is missing or conflicting, or some metadata could not be read (pip exits 1).</param>
internal sealed record DependencyCheck(IReadOnlyList<string> Lines, bool Broken)
{
    public const string AllGood = "No broken requirements found.";

    /// <summary>Checks <paramref name="projects"/> (in discovery order, which is the report's order) against each other.</summary>
    public static DependencyCheck Run(IReadOnlyList<InstalledProject> projects, IReadOnlyDictionary<string, string> markerEnvironment, Action<string>? warn = null)
    {
        var unreadable = false;
        var installed = new Dictionary<string, (InstalledProject Project, IReadOnlyList<Requirement> Requirements)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var project in projects)
        {
            try
            {
                var requirements = ProjectDependencies.Applying(project, markerEnvironment);
                if (!installed.ContainsKey(project.CanonicalName))
                {
                    order.Add(project.CanonicalName);
                }
                installed[project.CanonicalName] = (project, requirements);
            }
            catch (Exception exception) when (exception is RequirementParseException or MarkerEvaluationException)
            {
                // pip leaves such a project out of the set, so what requires it is reported as missing it.
                warn?.Invoke($"Error parsing requirements for {project.CanonicalName}: {exception.Message}");
                unreadable = true;
            }
        }

        var missing = new List<string>();
        var conflicting = new List<string>();
        foreach (var name in order)
        {
            var (project, requirements) = installed[name];
            var missingHere = new List<(string Key, string Line)>();
            var conflictingHere = new List<(string Key, string Line)>();
            foreach (var requirement in requirements)
            {
                var dependency = requirement.Name.Normalized;
                var text = ProjectDependencies.PipText(requirement);
                if (!installed.TryGetValue(dependency, out var found))
                {
                    missingHere.Add(($"('{dependency}', <Requirement('{text}')>)", $"{name} {project.DisplayVersion} requires {dependency}, which is not installed."));
                    continue;
                }
                if (!Satisfies(requirement.Specifier, found.Project))
                {
                    var versionRepr = found.Project.Version is null ? $"<LegacyVersion('{found.Project.VersionText}')>" : $"<Version('{found.Project.DisplayVersion}')>";
                    conflictingHere.Add(($"('{dependency}', {versionRepr}, <Requirement('{text}')>)",
                        $"{name} {project.DisplayVersion} has requirement {text}, but you have {dependency} {found.Project.DisplayVersion}."));
                }
            }
            // pip sorts each project's problems by str() of its (name, ..., requirement) tuple.
            missing.AddRange(missingHere.OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => item.Line));
            conflicting.AddRange(conflictingHere.OrderBy(item => item.Key, StringComparer.Ordinal).Select(item => item.Line));
        }

        var broken = missing.Count > 0 || conflicting.Count > 0 || unreadable;
        List<string> lines = [.. missing, .. conflicting];
        if (!broken)
        {
            lines.Add(AllGood);
        }
        return new DependencyCheck(lines, broken);
    }

    // pip checks with prereleases=True: an installed pre-release meets ">=1.0" when it is in range.
    private static bool Satisfies(VersionSpecifierSet specifier, InstalledProject project)
    {
        if (specifier.IsEmpty)
        {
            return true;
        }
        // A non-PEP 440 version meets only an arbitrary-equality clause naming it (PEP 440 "Arbitrary equality").
        return project.Version is { } version
            ? specifier.Contains(version, includePrereleases: true)
            : specifier.Specifiers.All(clause => clause.Operator == VersionOperator.ArbitraryEqual
                && string.Equals(clause.ArbitraryText.Trim(), project.VersionText, StringComparison.OrdinalIgnoreCase));
    }
}
