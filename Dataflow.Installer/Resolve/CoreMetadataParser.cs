using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>Parses core metadata text (PyPA "Core metadata specifications") into <see cref="CoreMetadata"/>.</summary>
internal static class CoreMetadataParser
{
    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="source"/> (a file name or URL) is named in errors.
    /// A missing or invalid Name or Version, or a Requires-Dist that is not PEP 508, throws <see cref="CoreMetadataException"/>.
    /// </summary>
    public static CoreMetadata Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var headers = CoreMetadataHeaders.Parse(text);

        var nameText = headers.GetFirst("Name");
        if (string.IsNullOrEmpty(nameText))
        {
            throw new CoreMetadataException($"{source}: the core metadata has no Name field.");
        }
        if (!PackageName.TryParse(nameText, out var name))
        {
            throw new CoreMetadataException($"{source}: the Name field '{nameText}' is not a valid project name.");
        }

        var versionText = headers.GetFirst("Version");
        if (string.IsNullOrEmpty(versionText))
        {
            throw new CoreMetadataException($"{source}: the core metadata has no Version field.");
        }
        if (!PackageVersion.TryParse(versionText, out var version))
        {
            throw new CoreMetadataException($"{source}: the Version field '{versionText}' is not a valid PEP 440 version.");
        }

        var requiresDist = new List<Requirement>();
        foreach (var line in headers.GetAll("Requires-Dist"))
        {
            try
            {
                requiresDist.Add(Requirement.Parse(line));
            }
            catch (RequirementParseException exception)
            {
                throw new CoreMetadataException($"{source}: the Requires-Dist field '{line}' is not a valid PEP 508 requirement: {exception.Message}", exception);
            }
        }

        var requiresPython = headers.GetFirst("Requires-Python");
        return new CoreMetadata(
            headers.GetFirst("Metadata-Version") ?? "",
            name,
            version,
            string.IsNullOrEmpty(requiresPython) ? null : requiresPython,
            requiresDist,
            headers.GetAll("Provides-Extra").Where(extra => extra.Length > 0).ToList(),
            headers.GetAll("Dynamic").Where(field => field.Length > 0).ToList());
    }
}
