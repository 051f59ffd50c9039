using Dataflow.Installer.Resolve;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Resolve;

/// <summary>A CPython 3.11 on Linux marker environment and shorthands for resolving against a fake index.</summary>
internal static class ResolverTestEnvironment
{
    public static IReadOnlyDictionary<string, string> Linux311 => MarkerEnvironments.Linux311;

    public static Task<Resolution> ResolveAsync(
        this FakeResolverProvider provider, string[] roots, string[]? constraints = null, int maxTrials = Resolver.DefaultMaxTrials) =>
        new Resolver(provider, Linux311, maxTrials).ResolveAsync(
            roots.Select(Requirement.Parse).ToList(),
            (constraints ?? []).Select(Requirement.Parse).ToList(),
            CancellationToken.None);

    /// <summary>The resolution as <c>name==version</c> (with <c>[extras]</c>) lines, sorted by name.</summary>
    public static IEnumerable<string> Pins(this Resolution resolution) => resolution.Packages.Select(package => package.ToString());
}
