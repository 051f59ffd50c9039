using System.Collections.Immutable;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>A version chosen during the search, with the extras requested of it so far and the chain that led to it.</summary>
/// <param name="Chain">From this package back to a root, e.g. <c>bar 1.0 &lt;- build requirement bar</c>.</param>
internal sealed record ResolverPick(PackageName Name, PackageVersion Version, CoreMetadata Metadata, ImmutableSortedSet<string> Extras, string Chain)
{
    public string Label => $"{Name} {Version}";
}
