namespace Dataflow.Installer.Pipeline;

/// <summary>The stages a distribution passes through, named in errors and reports.</summary>
public enum PipelineStage
{
    Find,
    Download,
    Build,
    Unzip,
    Install,
    Uninstall,
}
