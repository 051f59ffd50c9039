using System.Text;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Inspect;

/// <summary>A project's <c>Requires-Dist</c> that apply in an environment, as pip's <c>iter_dependencies()</c> yields them.</summary>
internal static class ProjectDependencies
{
    /// <summary>
    /// The requirements with no marker or a marker true for the interpreter with <c>extra</c> empty (no extras
    /// requested, PEP 508). Throws <see cref="RequirementParseException"/> or <see cref="MarkerEvaluationException"/>
    /// for a requirement pip could not read either.
    /// </summary>
    public static IReadOnlyList<Requirement> Applying(InstalledProject project, IReadOnlyDictionary<string, string> markerEnvironment) =>
        project.Metadata.GetAll("Requires-Dist")
            .Select(Requirement.Parse)
            .Where(requirement => requirement.Marker is null || requirement.Marker.Evaluate(markerEnvironment, []))
            .ToList();

    /// <summary>Like <see cref="Applying"/>, but a requirement that cannot be read is left out instead of failing.</summary>
    public static IReadOnlyList<Requirement> ApplyingOrSkipping(InstalledProject project, IReadOnlyDictionary<string, string> markerEnvironment)
    {
        var applying = new List<Requirement>();
        foreach (var text in project.Metadata.GetAll("Requires-Dist"))
        {
            try
            {
                var requirement = Requirement.Parse(text);
                if (requirement.Marker is null || requirement.Marker.Evaluate(markerEnvironment, []))
                {
                    applying.Add(requirement);
                }
            }
            catch (Exception exception) when (exception is RequirementParseException or MarkerEvaluationException)
            {
            }
        }
        return applying;
    }

    /// <summary>The requirement as pypa/packaging 21.3 (vendored by pip 23.2) prints it: extras sorted, specifiers sorted.</summary>
    public static string PipText(Requirement requirement)
    {
        var builder = new StringBuilder(requirement.NameText);
        if (requirement.Extras.Count > 0)
        {
            builder.Append('[').AppendJoin(',', requirement.Extras.Order(StringComparer.Ordinal)).Append(']');
        }
        builder.Append(requirement.Specifier);
        if (requirement.UrlText is not null)
        {
            builder.Append('@').Append(' ').Append(requirement.UrlText);
            if (requirement.Marker is not null)
            {
                builder.Append(' ');
            }
        }
        if (requirement.Marker is not null)
        {
            builder.Append("; ").Append(requirement.Marker);
        }
        return builder.ToString();
    }
}
