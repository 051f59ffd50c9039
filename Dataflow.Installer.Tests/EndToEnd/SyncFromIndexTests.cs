using System.Text.Json;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 2, end to end: <c>dfi sync</c> from a test index into real virtual environments, checked with real pip and python.</summary>
public sealed class SyncFromIndexTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly string[] FullSet = ["alpha", "beta", "gamma", "delta", "Zope.Thing", "zope.other"];

    [Theory]
    [InlineData(TestIndexFormat.Html)]
    [InlineData(TestIndexFormat.Json)]
    public async Task Sync_from_the_index_installs_a_set_that_python_and_pip_accept(TestIndexFormat format)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer(format);
        var requirements = sandbox.WriteRequirements("requirements.txt", FullSet);

        var sync = await sandbox.SyncCheckedAsync(requirements, server);

        sync.Stdout.Should().StartWith("Installed 6 packages in ");
        sync.Stdout.Split('\n').Where(line => line.StartsWith(" + ", StringComparison.Ordinal)).Should().Equal(
            " + alpha==2.0", " + beta==1.0", " + delta==1.0", " + gamma==1.0", " + zope-other==1.0", " + zope-thing==3.0");
        var imports = "import alpha, beta, gamma, delta, delta_extra, zope.thing, zope.other; "
            + (wheels.GammaHasSpeedups ? "import gamma._speedups; " : "")
            + "print(alpha.greet(), beta.shout(), gamma.FLAVOUR, gamma.add(2, 3), delta.message(), zope.thing.describe(), zope.other.describe(), sep='|')";
        (await sandbox.RunPythonAsync(imports)).ShouldSucceed().Stdout.Trim().Should().Be(
            "alpha 2.0 greets world|ALPHA 2.0 GREETS BETA|platform|5|delta-run says hello|zope.thing 3.0|zope.other 1.0");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "beta-hello"), [])).ShouldSucceed().Stdout.Should().Be("hello from beta 1.0\n");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "beta-gui"), [])).ShouldSucceed().Stdout.Should().Be("beta gui started\n");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "delta-run"), [])).ShouldSucceed().Stdout.Should().Be("delta-run says hello\n");
        File.ReadAllText(Path.Combine(sandbox.Venv, "include", "site", "python3.11", "delta", "delta.h")).Should().Contain("#define DELTA_VERSION \"1.0\"");
        File.ReadAllText(Path.Combine(sandbox.Venv, "share", "delta", "readme.txt")).Should().StartWith("delta readme:");
        await sandbox.PipCheckShouldPassAsync();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["alpha"] = "2.0",
            ["beta"] = "1.0",
            ["gamma"] = "1.0",
            ["delta"] = "1.0",
            ["Zope.Thing"] = "3.0",
            ["zope.other"] = "1.0",
        });
        Directory.GetDirectories(sandbox.SitePackages, "*.dist-info").Select(folder => File.ReadAllText(Path.Combine(folder, "INSTALLER")))
            .Should().HaveCount(6).And.AllBe("dfi\n");
        sandbox.CacheTmpShouldBeEmpty();
        server.UnexpectedErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_platform_wheel_of_gamma_is_preferred_to_the_pure_fallback()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();

        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("requirements.txt", "gamma==1.0"), server);

        File.ReadAllText(Path.Combine(sandbox.SitePackages, "gamma", "_build.py")).Should().Contain("\"platform\"");
        File.ReadAllText(Path.Combine(sandbox.SitePackages, "gamma-1.0.dist-info", "WHEEL")).Should().Contain("Root-Is-Purelib: false")
            .And.Contain("Tag: cp311-cp311-manylinux_2_17_x86_64");
        if (wheels.GammaHasSpeedups)
        {
            Directory.GetFiles(Path.Combine(sandbox.SitePackages, "gamma"), "_speedups*.so").Should().ContainSingle();
            (await sandbox.RunPythonAsync("import gamma; print(gamma.has_speedups())")).ShouldSucceed().Stdout.Should().Be("True\n");
        }
        server.CountRequests("/files/gamma-1.0-py3-none-any.whl").Should().Be(0);
    }

    [Theory]
    [InlineData("alpha>=1.0", "alpha", "2.0")]
    [InlineData("alpha==2.1rc1", "alpha", "2.1rc1")]
    [InlineData("zeta", "zeta", "1.0")]
    [InlineData("epsilon>=1.0", "epsilon", "1.0")]
    public async Task Version_selection_skips_pre_releases_yanked_files_and_other_pythons(string requirement, string name, string expected)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer(TestIndexFormat.Json);

        var sync = await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("requirements.txt", requirement), server);

        sync.Stdout.Should().Contain($" + {name}=={expected}\n");
        (await sandbox.PipListAsync()).Should().Equal(new Dictionary<string, string> { [name] = expected });
        sync.Stderr.Should().NotContain("yanked");
    }

    [Fact]
    public async Task A_yanked_release_pinned_exactly_installs_with_a_warning()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();

        var sync = await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("requirements.txt", "epsilon==1.1"), server);

        sync.Stdout.Should().Contain(" + epsilon==1.1\n");
        sync.Stderr.Should().Contain("epsilon-1.1-py3-none-any.whl is yanked").And.Contain("Broken import in 1.1; use 1.0");
        (await sandbox.PipListAsync()).Should().Equal(new Dictionary<string, string> { ["epsilon"] = "1.1" });
    }

    [Fact]
    public async Task Pip_uninstalls_everything_dfi_installed_and_leaves_a_fresh_environment()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var freshSitePackages = (await TreeSnapshot.TakeAsync(sandbox.SitePackages)).Paths;
        var freshBin = (await TreeSnapshot.TakeAsync(sandbox.Bin)).Paths;
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("requirements.txt", FullSet), server);
        var installed = await sandbox.PipListAsync();

        (await sandbox.PipAsync(["uninstall", "-y", .. installed.Keys])).ShouldSucceed();

        // pip removes only folders that hold recorded files, so the PEP 420 namespace folder zope/ stays behind, empty,
        // exactly as after pip's own install and uninstall of the two zope wheels.
        var left = (await TreeSnapshot.TakeAsync(sandbox.SitePackages)).Entries;
        left.Where(entry => entry.Path != "zope").Select(entry => entry.Path).Should().Equal(freshSitePackages);
        left.Where(entry => entry.Path == "zope").Should().AllSatisfy(entry => entry.Type.Should().Be('d'));
        (await TreeSnapshot.TakeAsync(sandbox.Bin)).Paths.Should().Equal(freshBin).And.BeEquivalentTo("activate", "activate.csh", "activate.fish", "Activate.ps1", "python", "python3", "python3.11");
        (await sandbox.PipListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Direct_references_to_files_and_urls_install_and_record_direct_url_json()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var alpha = wheels.PathOf("alpha-1.1-py3-none-any.whl");
        var delta = wheels.PathOf("delta-1.0-py3-none-any.whl");
        var epsilonUrl = server.FileUrl("epsilon-1.0-py3-none-any.whl").AbsoluteUri;
        var requirements = sandbox.WriteRequirements("requirements.txt",
            $"alpha @ {new Uri(alpha).AbsoluteUri}", delta, $"epsilon @ {epsilonUrl}", "zeta==1.0");

        var sync = await sandbox.SyncCheckedAsync(requirements, server);

        sync.Stdout.Should().Contain(" + alpha==1.1").And.Contain(" + delta==1.0").And.Contain(" + epsilon==1.0").And.Contain(" + zeta==1.0");
        DirectUrlOf(sandbox, "alpha-1.1").Should().Be((new Uri(alpha).AbsoluteUri, wheels.Sha256Of("alpha-1.1-py3-none-any.whl")));
        DirectUrlOf(sandbox, "delta-1.0").Should().Be((new Uri(delta).AbsoluteUri, wheels.Sha256Of("delta-1.0-py3-none-any.whl")));
        DirectUrlOf(sandbox, "epsilon-1.0").Should().Be((epsilonUrl, wheels.Sha256Of("epsilon-1.0-py3-none-any.whl")));
        File.Exists(Path.Combine(sandbox.SitePackages, "zeta-1.0.dist-info", "direct_url.json")).Should().BeFalse("index installs are not direct references (PEP 610)");
        server.CountRequests("/files/epsilon-1.0-py3-none-any.whl").Should().Be(1);
        await sandbox.PipCheckShouldPassAsync();
    }

    private static (string Url, string Sha256) DirectUrlOf(SyncSandbox sandbox, string distInfoStem)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(sandbox.SitePackages, distInfoStem + ".dist-info", "direct_url.json")));
        var root = json.RootElement;
        return (root.GetProperty("url").GetString()!, root.GetProperty("archive_info").GetProperty("hashes").GetProperty("sha256").GetString()!);
    }
}
