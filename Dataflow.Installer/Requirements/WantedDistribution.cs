using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Requirements;

/// <summary>A distribution the environment must hold, after markers, constraints and includes were applied.</summary>
/// <param name="Name">The project.</param>
/// <param name="Specifier">The versions allowed (requirement and constraints combined); empty for direct references.</param>
/// <param name="Hashes">Acceptable <c>algorithm:hex</c> digests; any one must match.</param>
/// <param name="DirectUrl">For direct references (<c>name @ url</c>, a path to a wheel): the archive's absolute URL.</param>
/// <param name="Location">Where it was asked for, for messages.</param>
internal sealed record WantedDistribution(
    PackageName Name,
    VersionSpecifierSet Specifier,
    IReadOnlyList<string> Hashes,
    Uri? DirectUrl,
    SourceLocation Location)
{
    public string Display => DirectUrl is null ? $"{Name}{Specifier}" : $"{Name} @ {Index.UrlRedactor.Redact(DirectUrl)}";
}
