namespace Dataflow.Installer.Environments;

/// <summary>
/// The interpreter's <c>_manylinux</c> module (PEP 600), which may refuse manylinux wheels of some glibc versions: as
/// its answers stood when the interpreter was asked.
/// </summary>
/// <param name="File">Where the module was imported from (empty for a built-in one); a cached answer is asked again when it is gone.</param>
/// <param name="RefusedGlibc">The glibc versions (<c>"2.17"</c>) whose manylinux tags, legacy aliases included, the module refuses.</param>
public sealed record ManylinuxModule(string File, IReadOnlySet<string> RefusedGlibc)
{
    /// <summary>Whether wheels tagged for glibc <paramref name="major"/>.<paramref name="minor"/> may be installed.</summary>
    public bool Allows(int major, int minor) => !RefusedGlibc.Contains($"{major}.{minor}");
}
