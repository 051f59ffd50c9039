namespace Dataflow.Installer.Requirements;

/// <summary>What a requirement line names: a PEP 508 specifier, or an archive (or project folder) by path or URL.</summary>
internal enum RequirementLineKind
{
    /// <summary>A PEP 508 specifier, possibly a direct reference (<c>name @ url</c>); parsed later.</summary>
    Named,

    /// <summary>A bare path or URL, e.g. <c>./dist/foo-1.0-py3-none-any.whl</c> or <c>https://host/foo-1.0.tar.gz</c>.</summary>
    PathOrUrl,
}
