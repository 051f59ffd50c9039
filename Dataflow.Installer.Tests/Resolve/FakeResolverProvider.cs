using Dataflow.Installer.Resolve;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Resolve;

/// <summary>An in-memory index for resolver tests: projects, versions and their Requires-Dist.</summary>
internal sealed class FakeResolverProvider : IResolverProvider
{
    private readonly Dictionary<string, Dictionary<PackageVersion, CoreMetadata>> _projects = new(StringComparer.Ordinal);

    /// <summary>How many times each project's metadata was asked for, by normalised name.</summary>
    public Dictionary<string, int> MetadataRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a version; Provides-Extra is taken from the <c>extra == "..."</c> markers of <paramref name="requiresDist"/>.</summary>
    public FakeResolverProvider Add(string name, string version, params string[] requiresDist) =>
        AddWithExtras(name, version, [], requiresDist);

    public FakeResolverProvider AddWithExtras(string name, string version, string[] providesExtra, params string[] requiresDist)
    {
        var project = PackageName.Parse(name);
        var parsed = PackageVersion.Parse(version);
        var requirements = requiresDist.Select(Requirement.Parse).ToList();
        var extras = providesExtra
            .Concat(requirements
                .Where(requirement => requirement.Marker?.ReferencesExtra == true)
                .Select(requirement => requirement.Marker!.ToString().Split("extra == \"")[1].Split('"')[0]))
            .Distinct()
            .ToList();
        if (!_projects.TryGetValue(project.Normalized, out var versions))
        {
            _projects[project.Normalized] = versions = [];
        }
        versions[parsed] = new CoreMetadata("2.1", project, parsed, null, requirements, extras, []);
        return this;
    }

    public Task<IReadOnlyList<PackageVersion>> GetVersionsAsync(PackageName name, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PackageVersion>>(
            _projects.TryGetValue(name.Normalized, out var versions) ? [.. versions.Keys] : []);

    /// <summary>Versions (<c>name==version</c>, normalised) the fake prefers, as --prefer-binary prefers those with wheels.</summary>
    public HashSet<string> Preferred { get; } = new(StringComparer.Ordinal);

    public bool IsPreferred(PackageName name, PackageVersion version) => Preferred.Contains($"{name.Normalized}=={version}");

    public Task<CoreMetadata> GetMetadataAsync(PackageName name, PackageVersion version, CancellationToken ct)
    {
        MetadataRequests[name.Normalized] = MetadataRequests.GetValueOrDefault(name.Normalized) + 1;
        return Task.FromResult(_projects[name.Normalized][version]);
    }
}
