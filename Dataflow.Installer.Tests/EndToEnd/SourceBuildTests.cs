using System.Formats.Tar;
using System.IO.Compression;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 3, as far as it has landed: sdists built in the target environment with --no-build-isolation.</summary>
public sealed class SourceBuildTests
{
    /// <summary>Packs a project of fixtures/sdists into <c>FOLDER/NAME-1.0.tar.gz</c>, with the one top folder an sdist has.</summary>
    private static string Sdist(string folder, string fixture, string name)
    {
        var source = Path.Combine(TestWheelsFixture.FindRepositoryRoot(), "fixtures", "sdists", fixture);
        var staging = Path.Combine(folder, "staging", $"{name}-1.0");
        CopyTree(source, staging);
        Directory.CreateDirectory(Path.Combine(folder, "links"));
        var archive = Path.Combine(folder, "links", $"{name}-1.0.tar.gz");
        using (var output = File.Create(archive))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            TarFile.CreateFromDirectory(staging, gzip, includeBaseDirectory: true);
        }
        return Path.Combine(folder, "links");
    }

    private static void CopyTree(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories).Where(path => !path.Contains("__pycache__", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(path => !path.Contains("__pycache__", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }
    }

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
    public async Task Without_no_build_isolation_an_sdist_only_project_fails_saying_how_to_build_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = Sdist(sandbox.Root, "inTreeDemo", "intree_demo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "intree-demo==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("intree_demo-1.0.tar.gz").And.Contain("--no-build-isolation");
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
