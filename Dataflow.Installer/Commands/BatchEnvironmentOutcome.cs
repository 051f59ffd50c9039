using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Commands;

/// <summary>How one environment of a batch ended: planned (or not), and what the pipeline did to it.</summary>
internal sealed record BatchEnvironmentOutcome(ManifestEnvironment Environment, EnvironmentPlan? Plan, EnvironmentResult? Result, string? Error)
{
    public bool Succeeded => Error is null && (Result is null || Result.Succeeded);

    public string Status => !Succeeded ? "failed" : Result is null ? "unchanged" : "ok";
}
