namespace Dataflow.Installer.Commands;

/// <summary>What a batch manifest's <c>[[environment]]</c> folder is, from the key that names it.</summary>
internal enum ManifestEnvironmentKind
{
    /// <summary><c>path</c>: a virtual environment, made when missing.</summary>
    VirtualEnvironment,

    /// <summary><c>target</c>: a folder filled as <c>sync --target</c> fills it.</summary>
    Target,

    /// <summary><c>prefix</c>: a folder filled as <c>sync --prefix</c> fills it.</summary>
    Prefix,
}
