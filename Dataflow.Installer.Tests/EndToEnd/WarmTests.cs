using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 5: <c>dfi warm</c> fills the cache (and a wheelhouse) so that later syncs need no network and no build.</summary>
public sealed class WarmTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string Alpha = "alpha-2.0-py3-none-any.whl";
    private const string Beta = "beta-1.0-py3-none-any.whl";

    /// <summary>A folder served by the test index: two wheels, a setuptools sdist and its real build requirements.</summary>
    private async Task<string> ServedFolderAsync(SyncSandbox sandbox)
    {
        var folder = wheels.CopyTo(sandbox.Combine("served"), Alpha, Beta);
        await SourceDists.WithBuildRequirementsAsync(folder);
        SourceDists.Pack(folder, "setuptoolsDemo", "setuptools_demo", "2.0");
        return folder;
    }

    private static Task<ProcessResult> WarmAsync(SyncSandbox sandbox, params string[] arguments) =>
        DfiProcess.RunAsync(["warm", .. arguments, "--cache-dir", sandbox.Cache]);

    private static string[] BuiltWheels(SyncSandbox sandbox) =>
        Directory.Exists(Path.Combine(sandbox.Cache, "built-wheels-v1"))
            ? Directory.GetFiles(Path.Combine(sandbox.Cache, "built-wheels-v1"), "*.whl", SearchOption.AllDirectories)
            : [];

    [Fact]
    public async Task After_warm_an_offline_sync_succeeds_with_the_index_stopped_and_builds_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = await ServedFolderAsync(sandbox);
        var server = TestIndexServer.Start(folder);
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0", "setuptools-demo==2.0");

        var warm = await WarmAsync(sandbox, requirements, "-i", server.IndexUrl.AbsoluteUri);

        warm.ShouldSucceed().Stdout.Should().Contain("Warmed 3 files").And.Contain("2 downloaded, 1 built, 0 already cached, 0 failed");
        Directory.EnumerateFileSystemEntries(sandbox.SitePackages, "alpha*").Should().BeEmpty("warm installs nothing");
        var built = BuiltWheels(sandbox).Should().ContainSingle().Subject;
        var builtAt = File.GetLastWriteTimeUtc(built);
        await server.DisposeAsync();

        var sync = await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri, "--offline");

        sync.ShouldSucceed().Stdout.Should().Contain(" + setuptools-demo==2.0\n").And.Contain(" + alpha==2.0\n");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "setuptools-demo"), [])).ShouldSucceed();
        File.GetLastWriteTimeUtc(built).Should().Be(builtAt, "the offline sync uses the wheel warm built");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task Warm_for_another_platform_lets_the_days_target_sync_for_it_run_offline()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = await sandbox.WriteTaggedFastWheelsAsync("served", "cp312-cp312-manylinux2014_x86_64", "cp311-cp311-manylinux2014_x86_64");
        var server = TestIndexServer.Start(folder);
        var requirements = sandbox.WriteRequirements("requirements.txt", "fast==1.0");
        string[] lambda = ["--platform", "manylinux2014_x86_64", "--python-version", "3.12"];

        (await WarmAsync(sandbox, [requirements, "-i", server.IndexUrl.AbsoluteUri, .. lambda])).ShouldSucceed().Stdout.Should().Contain("Warmed 1 file");
        await server.DisposeAsync();
        var target = sandbox.Combine("package");
        var sync = await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri, "--offline", "--target", target, .. lambda], environment: null);
        var batch = await DfiProcess.RunAsync(["batch", sandbox.Combine("none.toml"), .. lambda]);

        sync.ShouldSucceed().Stdout.Should().Contain(" + fast==1.0");
        File.ReadAllText(Path.Combine(target, "fast", "__init__.py")).Should().Contain("cp312-cp312", "the warmed file is the one for Python 3.12");
        batch.ExitCode.Should().Be(2);
        batch.Stderr.Should().Contain("give them to a 'target' environment");
    }

    [Fact]
    public async Task A_second_warm_finds_everything_cached_and_fetches_no_file()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = TestIndexServer.Start(await ServedFolderAsync(sandbox));
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "setuptools-demo==2.0");
        (await WarmAsync(sandbox, requirements, "-i", server.IndexUrl.AbsoluteUri)).ShouldSucceed();
        var files = server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal));

        var again = await WarmAsync(sandbox, requirements, "-i", server.IndexUrl.AbsoluteUri);

        again.ShouldSucceed().Stdout.Should().Contain("0 downloaded, 0 built, 2 already cached, 0 failed");
        server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal)).Should().Be(files);
    }

    [Fact]
    public async Task A_failing_distribution_fails_warm_but_the_others_are_still_warmed()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = wheels.CopyTo(sandbox.Combine("links"), Alpha);
        SourceDists.Pack(links, "failingDemo", "failing_demo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "failing-demo==1.0");

        var warm = await WarmAsync(sandbox, requirements, "-f", links, "--no-index");

        warm.ExitCode.Should().Be(1, warm.ToString());
        warm.Stdout.Should().Contain("1 failed");
        warm.Stderr.Should().Contain("failing-demo==1.0");
        sandbox.WheelEntries().Should().ContainSingle("alpha was unzipped into the cache despite the other failure");
    }

    [Fact]
    public async Task A_wheelhouse_is_a_static_index_that_a_fresh_machine_installs_from_without_building()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = TestIndexServer.Start(await ServedFolderAsync(sandbox));
        var wheelhouse = sandbox.Combine("wheelhouse");
        (await WarmAsync(sandbox, sandbox.WriteRequirements("first.txt", "setuptools-demo==2.0"), "-i", server.IndexUrl.AbsoluteUri, "--wheelhouse", wheelhouse)).ShouldSucceed();
        // A second night adds to it, from a warm cache, and keeps every page right.
        var second = await WarmAsync(sandbox, sandbox.WriteRequirements("second.txt", "alpha==2.0", "beta==1.0"), "-i", server.IndexUrl.AbsoluteUri, "--wheelhouse", wheelhouse);
        second.ShouldSucceed().Stdout.Should().Contain("Wheelhouse").And.Contain("3 projects");

        Directory.GetFiles(wheelhouse, "*.whl").Select(Path.GetFileName).Should().BeEquivalentTo([Alpha, Beta, "setuptools_demo-2.0-py3-none-any.whl"]);
        File.ReadAllText(Path.Combine(wheelhouse, "simple", "index.html")).Should().Contain("href=\"setuptools-demo/\"");
        var page = File.ReadAllText(Path.Combine(wheelhouse, "simple", "alpha", "index.html"));
        page.Should().Contain($"../../{Alpha}#sha256={wheels.Sha256Of(Alpha)}").And.Contain("data-core-metadata=\"sha256=");

        // Another machine: a fresh cache, the wheelhouse as its only index, building refused.
        var elsewhere = sandbox.Combine("elsewhere-cache");
        var requirements = sandbox.WriteRequirements("all.txt", "alpha==2.0", "beta==1.0", "setuptools-demo==2.0");
        var sync = await DfiProcess.RunAsync("sync", requirements, "--python", sandbox.Venv, "--cache-dir", elsewhere,
            "-i", new Uri(Path.Combine(wheelhouse, "simple") + "/").AbsoluteUri, "--no-build");
        sync.ShouldSucceed().Stdout.Should().Contain(" + setuptools-demo==2.0\n");
        await sandbox.PipCheckShouldPassAsync();
    }

    [Fact]
    public async Task Two_warms_and_a_sync_at_once_on_one_cache_all_succeed_and_leave_it_consistent()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = TestIndexServer.Start(await ServedFolderAsync(sandbox));
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0", "setuptools-demo==2.0");
        var index = server.IndexUrl.AbsoluteUri;

        var runs = await Task.WhenAll(
            WarmAsync(sandbox, requirements, "-i", index),
            WarmAsync(sandbox, requirements, "-i", index),
            sandbox.SyncAsync(requirements, "-i", index));

        foreach (var run in runs)
        {
            run.ShouldSucceed();
        }
        BuiltWheels(sandbox).Should().ContainSingle("concurrent builds of one sdist publish one wheel");
        sandbox.WheelEntries().Should().HaveCount(5, "alpha, beta, the built wheel, and setuptools and wheel for the build environment");
        sandbox.CacheTmpShouldBeEmpty();
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "setuptools-demo"), [])).ShouldSucceed();
        (await sandbox.SyncAsync(requirements, "-i", index, "--offline")).ShouldSucceed().Stdout.Should().Contain("nothing to do");
    }

    [Fact]
    public async Task A_stale_cached_page_is_revalidated_with_a_304_and_nothing_is_downloaded_again()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        server.SendValidators = true;
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");
        (await WarmAsync(sandbox, requirements, "-i", server.IndexUrl.AbsoluteUri)).ShouldSucceed();
        var files = server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal));

        // max-age=0: the pages are stale at once, so the sync asks again, conditionally.
        (await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri)).ShouldSucceed();

        server.NotModifiedCount.Should().Be(2, "both project pages were revalidated, not fetched again");
        server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal)).Should().Be(files, "the warmed cache served every file");
    }

    [Fact]
    public async Task A_wheelhouse_written_by_warm_installs_with_pip_from_a_file_url()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = TestIndexServer.Start(await ServedFolderAsync(sandbox));
        var wheelhouse = sandbox.Combine("wheelhouse");
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0", "setuptools-demo==2.0");
        (await WarmAsync(sandbox, requirements, "-i", server.IndexUrl.AbsoluteUri, "--wheelhouse", wheelhouse)).ShouldSucceed();
        var pipVenv = sandbox.Combine("pip-venv");
        (await ChildProcess.RunAsync("python3", ["-m", "venv", pipVenv])).ShouldSucceed();
        var pip = Path.Combine(pipVenv, "bin", "pip");

        var install = await ChildProcess.RunAsync(pip, ["install", "--no-deps", "--only-binary", ":all:", "--disable-pip-version-check",
            "--index-url", new Uri(Path.Combine(wheelhouse, "simple") + "/").AbsoluteUri, "-r", requirements]);

        install.ShouldSucceed();
        (await ChildProcess.RunAsync(Path.Combine(pipVenv, "bin", "setuptools-demo"), [])).ShouldSucceed();
        (await ChildProcess.RunAsync(pip, ["check", "--disable-pip-version-check"])).ShouldSucceed();
    }
}
