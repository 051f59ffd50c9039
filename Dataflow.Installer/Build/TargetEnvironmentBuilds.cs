using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Build;

/// <summary>
/// <c>--no-build-isolation</c>: a build runs with the interpreter of the environment it is for, which must already
/// hold its build requirements (in a batch, the first environment that wanted the sdist for that interpreter tag).
/// </summary>
internal sealed class TargetEnvironmentBuilds : IBuildEnvironments
{
    public Task<string> GetPythonAsync(DistributionArtifact sourceDistribution, IReadOnlyList<string> requires, CancellationToken cancellationToken) =>
        Task.FromResult(sourceDistribution.Build?.Interpreter.Executable
            ?? throw new BuildException($"{sourceDistribution.Filename} has no target environment; this is a bug in dfi."));
}
