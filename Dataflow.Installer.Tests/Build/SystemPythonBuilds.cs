using Dataflow.Installer.Build;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Tests.Build;

/// <summary>Build environments that are all the test machine's python3: enough for backends that need nothing installed.</summary>
internal sealed class SystemPythonBuilds : IBuildEnvironments
{
    public List<IReadOnlyList<string>> Requested { get; } = [];

    public Task<string> GetPythonAsync(DistributionArtifact sourceDistribution, IReadOnlyList<string> requires, CancellationToken cancellationToken)
    {
        lock (Requested)
        {
            Requested.Add(requires);
        }
        return Task.FromResult("python3");
    }
}
