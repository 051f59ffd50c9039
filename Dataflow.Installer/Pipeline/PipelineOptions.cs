using Dataflow.Installer.Install;

namespace Dataflow.Installer.Pipeline;

/// <summary>Per-stage parallelism and behaviour, with defaults: downloads run wide, the rest at core count.</summary>
public sealed record PipelineOptions
{
    public int ConcurrentDownloads { get; init; } = 50;

    public int ConcurrentBuilds { get; init; } = Environment.ProcessorCount;

    public int ConcurrentUnzips { get; init; } = Environment.ProcessorCount;

    public int ConcurrentInstalls { get; init; } = Environment.ProcessorCount;

    public LinkMode LinkMode { get; init; } = LinkMode.Hardlink;

    /// <summary>Stop every environment at the first failure (sync's behaviour) instead of failing only those that need it.</summary>
    public bool FailFast { get; init; } = true;

    /// <summary>Download, build and unzip only; install nothing (<c>dfi warm</c>).</summary>
    public bool PrepareOnly { get; init; }

    /// <summary>When set, every wheel the run downloaded or built is also left in this folder (<c>dfi warm --wheelhouse</c>).</summary>
    public string? KeepWheelsIn { get; init; }

    /// <summary>Compile the modules each environment received to bytecode before its changes commit (<c>--compile-bytecode</c>).</summary>
    public bool CompileBytecode { get; init; }
}
