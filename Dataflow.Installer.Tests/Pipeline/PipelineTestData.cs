using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Pipeline;

/// <summary>Artifacts and plans for pipeline tests.</summary>
internal static class PipelineTestData
{
    public static DistributionArtifact Wheel(string name, long size = 1) =>
        new(PackageName.Parse(name), "1.0", $"{name}-1.0-py3-none-any.whl", new Uri($"https://files.example/{name}-1.0-py3-none-any.whl"), ExpectedHashes.None, size, IsWheel: true);

    public static DistributionArtifact SourceDist(string name) =>
        new(PackageName.Parse(name), "1.0", $"{name}-1.0.tar.gz", new Uri($"https://files.example/{name}-1.0.tar.gz"), ExpectedHashes.None, 1, IsWheel: false);

    public static EnvironmentPlan Plan(string name, params DistributionArtifact[] artifacts) =>
        new(name, Interpreter(name), artifacts.Select(artifact => new PlannedInstall(artifact, null, false)).ToList(), [], []);

    public static InterpreterInfo Interpreter(string prefix) => new(
        "/envs/" + prefix + "/bin/python", "cpython", 3, 11, "3.11.7", "", "linux-x86_64", "x86_64", 64, "glibc", "2.36",
        "/envs/" + prefix, "/usr", new SchemePaths("/p", "/p", "/b", "/h", "/d"), new Dictionary<string, string>());
}
