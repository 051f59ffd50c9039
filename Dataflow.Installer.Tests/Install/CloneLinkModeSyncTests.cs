using Dataflow.Installer.Tests.EndToEnd;

namespace Dataflow.Installer.Tests.Install;

/// <summary>Issue 7, link modes, end to end on this machine's temp folder: <c>--link-mode clone</c> works wherever dfi runs.</summary>
public sealed class CloneLinkModeSyncTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    [Fact]
    public async Task Sync_with_link_mode_clone_installs_byte_identical_files_and_warns_at_most_once()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var reflinks = await LinkTargets.CpCanReflinkAsync(sandbox.Root, sandbox.Root);
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0", "delta==1.0");

        var sync = await sandbox.SyncCheckedAsync(requirements, server, "--link-mode", "clone");

        var warnings = sync.Stderr.Split('\n').Count(line => line.Contains("Cannot clone", StringComparison.Ordinal));
        warnings.Should().Be(reflinks ? 0 : 1, "a filesystem without reflinks is said once per run, not once per file");
        var cache = await sandbox.SnapshotWheelsAsync();
        foreach (var (wheel, member) in new[]
        {
            ("alpha-2.0-py3-none-any.whl", "alpha/__init__.py"),
            ("beta-1.0-py3-none-any.whl", "beta/cli.py"),
            ("delta-1.0-py3-none-any.whl", "delta/__init__.py"),
        })
        {
            var cached = Path.Combine(sandbox.WheelsBucket, wheels.Sha256Of(wheel), "tree", member);
            cache.Paths.Should().Contain($"{wheels.Sha256Of(wheel)}/tree/{member}");
            File.ReadAllBytes(Path.Combine(sandbox.SitePackages, member)).Should().Equal(File.ReadAllBytes(cached), "{0} is the cache's bytes", member);
        }
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0", ["beta"] = "1.0", ["delta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();
        (await sandbox.RunPythonAsync("import alpha; print(alpha.greet())")).ShouldSucceed().Stdout.Should().Be("alpha 2.0 greets world\n");
        sandbox.CacheTmpShouldBeEmpty();
    }
}
