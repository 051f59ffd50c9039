namespace Dataflow.Installer.Progress;

/// <summary>What a display line counts; also its place, top to bottom.</summary>
internal enum ProgressLineKind
{
    Download,
    Build,
    Unzip,
    Install,
    Environments,
}
