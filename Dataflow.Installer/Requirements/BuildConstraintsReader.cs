using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Requirements;

/// <summary>
/// Reads <c>--build-constraints FILE</c>: one PEP 508 requirement per line (<c>setuptools==68.2.2</c>, <c>wheel&lt;0.42</c>),
/// blank lines and <c>#</c> comments allowed, like pip's constraints files without their options.
/// </summary>
internal static class BuildConstraintsReader
{
    public static IReadOnlyList<Requirement> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RequirementsFileException(new SourceLocation(path, 0), $"cannot read the build constraints file: {exception.Message}", exception);
        }
        var constraints = new List<Requirement>();
        for (var index = 0; index < lines.Length; index++)
        {
            var text = StripComment(lines[index]).Trim();
            if (text.Length == 0)
            {
                continue;
            }
            var location = new SourceLocation(path, index + 1);
            if (text.StartsWith('-'))
            {
                throw new RequirementsFileException(location, $"'{text}': a build constraints file holds requirements only, no options.");
            }
            if (!Requirement.TryParse(text, out var requirement))
            {
                throw new RequirementsFileException(location, $"'{text}' is not a valid PEP 508 requirement.");
            }
            if (requirement.Url is not null)
            {
                throw new RequirementsFileException(location, $"'{text}': a constraint cannot be a URL; pin a version instead.");
            }
            constraints.Add(requirement);
        }
        return constraints;
    }

    // pip's rule: '#' starts a comment at the line start or after whitespace.
    private static string StripComment(string line)
    {
        for (var index = 0; index < line.Length; index++)
        {
            if (line[index] == '#' && (index == 0 || char.IsWhiteSpace(line[index - 1])))
            {
                return line[..index];
            }
        }
        return line;
    }
}
