using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 2, end to end: errors and exit codes, <c>--dry-run</c>, <c>--strict</c> and <c>dfi venv</c>.</summary>
public sealed class CommandLineTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    [Fact]
    public async Task A_malformed_requirement_is_a_usage_error_naming_its_file_and_line()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "# pinned", "alpha==2.0", "beta >= = 1");

        var sync = await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri);

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain($"{requirements}:3");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Symbolic_links_into_a_cache_that_no_cache_deletes_are_a_usage_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0");

        var sync = await DfiProcess.RunAsync(["sync", requirements, "--python", sandbox.Venv, "--no-cache", "--link-mode", "symlink", "--no-index"]);

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain("--link-mode symlink links the environment's files into the cache, which --no-cache deletes");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
    }

    [Fact]
    public async Task Pips_no_cache_dir_syncs_with_a_temporary_cache_as_no_cache_does()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var home = sandbox.Combine("cache-home");
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==1.0");

        var sync = await DfiProcess.RunAsync(["sync", requirements, "-i", server.IndexUrl.AbsoluteUri, "--python", sandbox.Venv, "--no-cache-dir"],
            new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = home });

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0" });
        Directory.Exists(Path.Combine(home, "dfi")).Should().BeFalse("no cache is kept");
    }

    [Fact]
    public async Task An_unknown_project_fails_once_naming_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "no-such-project==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri);

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain($"{requirements}:2").And.Contain("no-such-project");
        sync.Stderr.Split('\n').Count(line => line.Contains("no-such-project", StringComparison.Ordinal)).Should().Be(1, "each error is reported once");
        (await sandbox.PipListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_sdist_whose_build_requirement_no_index_has_fails_naming_the_sdist_and_the_requirement()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();

        var sync = await sandbox.SyncAsync(sandbox.WriteRequirements("requirements.txt", "eta==1.0"), "-i", server.IndexUrl.AbsoluteUri);

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("eta-1.0.tar.gz").And.Contain("no index has setuptools>=61");
        (await sandbox.PipListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Python_pointing_at_something_other_than_a_virtual_environment_is_refused()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha");
        var plainFolder = sandbox.Combine("not-a-venv");
        Directory.CreateDirectory(plainFolder);

        var systemPython = (await ChildProcess.RunAsync("python3", ["-c", "import sys; print(sys.executable)"])).ShouldSucceed().Stdout.Trim();

        var results = await Task.WhenAll(
            DfiProcess.RunAsync("sync", requirements, "-f", wheels.Folder, "--no-index", "--python", plainFolder, "--cache-dir", sandbox.Cache),
            DfiProcess.RunAsync("sync", requirements, "-f", wheels.Folder, "--no-index", "--python", systemPython, "--cache-dir", sandbox.Cache));

        results[0].ExitCode.Should().NotBe(0, results[0].ToString());
        results[0].Stderr.Should().Contain(plainFolder).And.Contain("not a virtual environment");
        results[1].ExitCode.Should().NotBe(0, results[1].ToString());
        results[1].Stderr.Should().Contain("not in a virtual environment");
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_changes_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("before.txt", "alpha==1.0", "beta==1.0", "delta==1.0"), server);
        var before = await sandbox.SnapshotVenvAsync();
        var wheelsBefore = await sandbox.SnapshotWheelsAsync();
        var downloadsBefore = server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal));

        var sync = await sandbox.SyncCheckedAsync(
            sandbox.WriteRequirements("after.txt", "alpha==2.0", "beta==1.0", "epsilon==1.0"), server, "--dry-run");

        sync.Stdout.Should().StartWith("Would change ");
        sync.Stdout.Split('\n').Where(line => line.StartsWith(' ')).Should().Equal(" ~ alpha==1.0 -> 2.0", " - delta==1.0", " + epsilon==1.0");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        (await sandbox.SnapshotWheelsAsync()).ShouldBeUnchangedSince(wheelsBefore);
        server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal)).Should().Be(downloadsBefore);
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task Pip_is_kept_unless_exact_asks_to_remove_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var bundled = Path.Combine(
            (await ChildProcess.RunAsync("python3", ["-c", "import ensurepip, os; print(os.path.dirname(ensurepip.__file__))"])).ShouldSucceed().Stdout.Trim(),
            "_bundled");
        var pipWheel = Directory.GetFiles(bundled, "pip-*.whl").Single();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("with-pip.txt", "alpha==2.0", pipWheel), server);
        (await sandbox.RunPythonAsync("import pip; print(pip.__version__)")).ShouldSucceed();
        var withoutPip = sandbox.WriteRequirements("without-pip.txt", "alpha==2.0");

        var kept = await sandbox.SyncCheckedAsync(withoutPip, server);

        kept.Stdout.Should().MatchRegex("^Audited 1 packages? in ").And.NotContain("pip");
        (await sandbox.PipListAsync()).Keys.Should().BeEquivalentTo("alpha", "pip");

        var exact = await sandbox.SyncCheckedAsync(withoutPip, server, "--exact");

        exact.Stdout.Should().MatchRegex(@"\n - pip==\d+(\.\d+)+\n");
        (await sandbox.RunPythonAsync("import pip")).ExitCode.Should().NotBe(0);
        File.Exists(Path.Combine(sandbox.Bin, "pip")).Should().BeFalse();
        Directory.GetFileSystemEntries(sandbox.SitePackages).Select(Path.GetFileName).Should().BeEquivalentTo("alpha", "alpha-2.0.dist-info");
    }

    [Fact]
    public async Task Strict_warns_after_the_sync_about_each_unmet_requirement_as_uv_does_and_the_sync_stands()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var betaAlone = sandbox.WriteRequirements("beta.txt", "beta==1.0");
        const string Problem = "beta 1.0 requires alpha, which is not installed.";

        var installed = await sandbox.SyncCheckedAsync(betaAlone, server, "--strict");
        var plain = await sandbox.SyncCheckedAsync(betaAlone, server);
        var audited = await sandbox.SyncCheckedAsync(betaAlone, server, "--strict");
        var complete = await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("both.txt", "alpha==1.0", "beta==1.0"), server, "--strict");

        installed.Stdout.Should().Contain("+ beta==1.0");
        installed.Stderr.Should().Contain(Problem, "the set misses what beta requires, and a sync does not resolve it");
        plain.Stderr.Should().NotContain("requires alpha", "only --strict checks");
        audited.Stdout.Should().Contain("nothing to do");
        audited.Stderr.Should().Contain(Problem, "an environment already in line is checked too");
        complete.Stderr.Should().NotContain("requires");
        (await sandbox.PipAsync("check")).ShouldSucceed();
    }

    [Fact]
    public async Task Dfi_venv_creates_an_environment_python_accepts_and_recreating_replaces_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        const string Probe = "import site, sys; print(sys.prefix != sys.base_prefix); print(sys.prefix); print(*site.getsitepackages(), sep='\\n')";

        var lines = (await sandbox.RunPythonAsync(Probe)).ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].Should().Be("True");
        lines[1].Should().Be(sandbox.Venv);
        lines.Skip(2).Should().NotBeEmpty().And.AllSatisfy(path => path.Should().StartWith(sandbox.Venv + "/"));
        lines.Skip(2).Should().Contain(sandbox.SitePackages);
        File.ReadAllText(Path.Combine(sandbox.Venv, "pyvenv.cfg")).Should().Contain("include-system-site-packages = false");
        var stray = Path.Combine(sandbox.SitePackages, "stray.py");
        File.WriteAllText(stray, "");

        await sandbox.CreateVenvAsync(sandbox.Venv);

        File.Exists(stray).Should().BeFalse("re-creating an environment replaces it");
        (await sandbox.RunPythonAsync("import sys; print(sys.prefix != sys.base_prefix)")).ShouldSucceed().Stdout.Should().Be("True\n");
    }

    [Theory]
    [InlineData("sync", "dfi sync --python .venv requirements.txt")]
    [InlineData("batch", "dfi batch fleet.toml")]
    [InlineData("warm", "dfi warm --manifest fleet.toml --wheelhouse /srv/wheelhouse")]
    [InlineData("cache", "dfi cache export cache.tar.zst")]
    public async Task Each_verbs_help_shows_worked_examples_with_only_the_options_they_set(string verb, string example)
    {
        var help = await DfiProcess.RunAsync(verb, "--help");

        help.ExitCode.Should().Be(0, help.ToString());
        help.Stderr.Should().Contain("USAGE:").And.Contain(example).And.NotContain("--concurrent-downloads 50");
    }
}
