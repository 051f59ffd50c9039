using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 2, end to end: syncing an environment that already has things, the shared cache, link modes.</summary>
public sealed class ResyncAndCacheTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly string[] FullSet = ["alpha==2.0", "beta==1.0", "gamma==1.0", "delta==1.0", "Zope.Thing==3.0", "zope.other==1.0"];

    [Fact]
    public async Task Re_sync_with_changed_pins_replaces_and_removes_and_a_repeat_sync_changes_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("first.txt", "alpha==2.0", "beta==1.0", "delta==1.0"), server);
        var second = sandbox.WriteRequirements("second.txt", "alpha==1.1", "beta==1.0");

        var resync = await sandbox.SyncCheckedAsync(second, server);

        resync.Stdout.Split('\n').Where(line => line.StartsWith(' ')).Should().Equal(" - alpha==2.0", " + alpha==1.1", " - delta==1.0");
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.1", ["beta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();
        (await sandbox.RunPythonAsync("import alpha; print(alpha.greet())")).ShouldSucceed().Stdout.Should().Be("alpha 1.1 greets world\n");
        string[] deltaFiles =
        [
            Path.Combine(sandbox.SitePackages, "delta", "__init__.py"),
            Path.Combine(sandbox.SitePackages, "delta_extra.py"),
            Path.Combine(sandbox.SitePackages, "delta-1.0.dist-info", "RECORD"),
            Path.Combine(sandbox.SitePackages, "alpha-2.0.dist-info", "RECORD"),
            Path.Combine(sandbox.Bin, "delta-run"),
            Path.Combine(sandbox.Venv, "include", "site", "python3.11", "delta", "delta.h"),
            Path.Combine(sandbox.Venv, "share", "delta", "readme.txt"),
        ];
        deltaFiles.Where(File.Exists).Should().BeEmpty();
        Directory.Exists(Path.Combine(sandbox.SitePackages, "delta")).Should().BeFalse();
        var settled = await sandbox.SnapshotVenvAsync();

        var repeat = await sandbox.SyncCheckedAsync(second, server);

        repeat.Stdout.Should().MatchRegex(@"^Audited 2 packages in \d+\.\d\ds: nothing to do\n$");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(settled);
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_warm_cache_serves_a_new_environment_without_downloading_or_unzipping()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", FullSet);
        await sandbox.SyncCheckedAsync(requirements, server);
        server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal)).Should().Be(6);
        var firstRequests = server.Requests.Count;
        var unzipped = await sandbox.SnapshotWheelsAsync();
        var second = sandbox.Combine("second-venv");
        await sandbox.CreateVenvAsync(second);

        var sync = (await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri], environment: null, venv: second)).ShouldSucceed();

        sync.Stdout.Should().StartWith("Installed 6 packages");
        server.RequestedPaths.Skip(firstRequests).Should().OnlyContain(path => path.StartsWith("/simple/", StringComparison.Ordinal),
            "the files are in the cache already; only the pages are asked for");
        (await sandbox.SnapshotWheelsAsync()).ShouldBeUnchangedSince(unzipped, ignoreLinkCounts: true, because: "nothing is unzipped again");
        sandbox.WheelEntries().Should().HaveCount(6);
        (await ChildProcess.RunAsync(Path.Combine(second, "bin", "beta-hello"), [])).ShouldSucceed().Stdout.Should().Be("hello from beta 1.0\n");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_sync_with_nothing_to_fetch_makes_no_staging_folder_and_leaves_no_owner_file()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");
        await sandbox.SyncCheckedAsync(requirements, server);
        var owners = Path.Combine(sandbox.Cache, "locks-v1", "owners");
        var afterCold = Directory.GetFiles(owners);
        afterCold.Should().ContainSingle("the cold sync staged its downloads under an owner file");
        var second = sandbox.Combine("second-venv");
        await sandbox.CreateVenvAsync(second);

        (await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri], environment: null, venv: second)).ShouldSucceed()
            .Stdout.Should().StartWith("Installed 2 packages");

        Directory.GetFiles(owners).Should().BeEquivalentTo(afterCold, "a warm sync stages nothing, so it takes no owner file for a later run to sweep");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task Two_concurrent_syncs_into_two_environments_share_one_cache()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer(TestIndexFormat.Json);
        var second = sandbox.Combine("second-venv");
        await sandbox.CreateVenvAsync(second);
        var requirements = sandbox.WriteRequirements("requirements.txt", FullSet);
        string[] arguments = [requirements, "-i", server.IndexUrl.AbsoluteUri];

        var results = await Task.WhenAll(sandbox.SyncAsync(arguments, null), sandbox.SyncAsync(arguments, null, second));

        results.Should().AllSatisfy(result => result.ShouldSucceed().Stdout.Should().StartWith("Installed 6 packages"));
        foreach (var venv in new[] { sandbox.Venv, second })
        {
            (await Pip.RunAsync(Path.Combine(venv, "bin", "python"), ["check"])).ShouldSucceed();
            (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-c", "import alpha, beta, gamma, delta, zope.thing, zope.other"])).ShouldSucceed();
        }
        sandbox.WheelEntries().Should().HaveCount(6);
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("hardlink", true)]
    [InlineData("copy", false)]
    public async Task Hardlink_mode_shares_inodes_with_the_cache_and_copy_mode_does_not(string? linkMode, bool shared)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0");

        await sandbox.SyncCheckedAsync(requirements, server, linkMode is null ? [] : ["--link-mode", linkMode]);

        var cached = (await sandbox.SnapshotWheelsAsync())[$"{wheels.Sha256Of("alpha-2.0-py3-none-any.whl")}/tree/alpha/__init__.py"];
        var installed = (await TreeSnapshot.TakeAsync(sandbox.SitePackages))["alpha/__init__.py"];
        if (shared)
        {
            installed.Inode.Should().Be(cached.Inode);
            installed.LinkCount.Should().BeGreaterThan(1);
        }
        else
        {
            installed.Inode.Should().NotBe(cached.Inode);
            installed.LinkCount.Should().Be(1);
            cached.LinkCount.Should().Be(1);
        }
        (await sandbox.RunPythonAsync("import alpha; print(alpha.greet())")).ShouldSucceed().Stdout.Should().Be("alpha 2.0 greets world\n");
    }
}
