namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 3: sdists built in the target environment with --no-build-isolation.</summary>
public sealed class SourceBuildTests
{
    private static string Sdist(string folder, string fixture, string name) => SourceDists.Pack(Path.Combine(folder, "links"), fixture, name);

    [Fact]
    public async Task An_sdist_is_built_in_the_target_environment_installed_and_never_built_twice()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = Sdist(sandbox.Root, "inTreeDemo", "intree_demo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "intree-demo==1.0");

        var first = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--no-build-isolation");

        first.ShouldSucceed().Stdout.Should().Contain(" + intree-demo==1.0\n");
        (await sandbox.RunPythonAsync("import intree_demo")).ShouldSucceed();
        File.Exists(Path.Combine(sandbox.Bin, "intree-demo")).Should().BeTrue("the built wheel's console script is installed");
        await sandbox.PipCheckShouldPassAsync();
        var built = Directory.GetFiles(Path.Combine(sandbox.Cache, "built-wheels-v1"), "*.whl", SearchOption.AllDirectories);
        built.Should().ContainSingle();
        var builtAt = File.GetLastWriteTimeUtc(built[0]);

        await sandbox.CreateVenvAsync(sandbox.Combine("second"));
        var second = await sandbox.SyncAsync([requirements, "-f", links, "--no-index", "--no-build-isolation"], environment: null, venv: sandbox.Combine("second"));

        second.ShouldSucceed().Stdout.Should().Contain(" + intree-demo==1.0\n");
        Directory.GetFiles(Path.Combine(sandbox.Cache, "built-wheels-v1"), "*.whl", SearchOption.AllDirectories).Should().Equal(built);
        File.GetLastWriteTimeUtc(built[0]).Should().Be(builtAt, "the second sync reuses the cached wheel instead of building again");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_failing_build_is_reported_at_the_build_stage_and_changes_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = Sdist(sandbox.Root, "failingDemo", "failing_demo");
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "failing-demo==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--no-build-isolation");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("failing-demo==1.0: build failed");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        sandbox.CacheTmpShouldBeEmpty();
        Directory.Exists(Path.Combine(sandbox.Cache, "built-wheels-v1")).Should().BeFalse();
    }
}
