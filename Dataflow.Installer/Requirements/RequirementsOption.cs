namespace Dataflow.Installer.Requirements;

/// <summary>The options pip accepts in a requirements file.</summary>
internal enum RequirementsOption
{
    IndexUrl,
    ExtraIndexUrl,
    NoIndex,
    Constraint,
    Requirement,
    Editable,
    FindLinks,
    NoBinary,
    OnlyBinary,
    PreferBinary,
    RequireHashes,
    Pre,
    TrustedHost,
    UseFeature,
    Hash,
    GlobalOption,
    ConfigSettings,
}
