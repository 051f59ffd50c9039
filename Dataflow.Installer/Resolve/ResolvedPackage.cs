using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Resolve;

/// <summary>One project of a resolution: the chosen version and the extras requested of it that the project declares.</summary>
internal sealed record ResolvedPackage(PackageName Name, PackageVersion Version, IReadOnlyList<string> Extras)
{
    public override string ToString() =>
        Extras.Count == 0 ? $"{Name}=={Version}" : $"{Name}[{string.Join(',', Extras)}]=={Version}";
}
