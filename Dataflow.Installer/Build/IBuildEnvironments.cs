using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Build;

/// <summary>Gives a build the interpreter to run its backend with, holding the given build requirements.</summary>
internal interface IBuildEnvironments
{
    /// <summary>The Python executable of an environment holding <paramref name="requires"/> (PEP 508 strings).</summary>
    Task<string> GetPythonAsync(DistributionArtifact sourceDistribution, IReadOnlyList<string> requires, CancellationToken cancellationToken);
}
