using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 2, end to end: pip's requirements-file features drive a real sync.</summary>
public sealed class RequirementsFileTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    [Fact]
    public async Task Included_files_and_constraints_shape_the_installed_set()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        sandbox.WriteRequirements("base.txt", "beta==1.0");
        sandbox.WriteRequirements("constraints.txt", "alpha<2", "epsilon==1.0");
        var requirements = sandbox.WriteRequirements("requirements.txt", "-r base.txt", "-c constraints.txt", "alpha");

        await sandbox.SyncCheckedAsync(requirements, server);

        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.1", ["beta"] = "1.0" },
            "a constraint narrows a requirement but installs nothing by itself");
        await sandbox.PipCheckShouldPassAsync();
    }

    [Fact]
    public async Task A_constraints_file_on_the_command_line_narrows_the_set_as_one_included_with_dash_c()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var constraints = sandbox.WriteRequirements("constraints.txt", "alpha<2", "epsilon==1.0");
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha", "beta==1.0");

        await sandbox.SyncCheckedAsync(requirements, server, "-c", constraints);
        var again = await sandbox.SyncCheckedAsync(requirements, server, "--constraint", constraints);

        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.1", ["beta"] = "1.0" },
            "alpha 2.0 is the newest, and epsilon is only constrained");
        again.Stdout.Should().Contain("Audited 2 packages");
    }

    [Fact]
    public async Task A_file_listing_no_requirements_leaves_the_environment_as_it_is_unless_allow_empty_requirements_as_in_uv()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", "alpha==1.0", "beta==1.0"), server);
        var empty = sandbox.WriteRequirements("empty.txt", "# generated: nothing pinned yet", "--no-index");

        var kept = await sandbox.SyncAsync(empty);
        var listedAfterKept = await sandbox.PipListAsync();
        var emptied = await sandbox.SyncAsync(empty, "--allow-empty-requirements");

        kept.ShouldSucceed();
        kept.Stderr.Should().Contain(empty).And.Contain("no requirements listed").And.Contain("--allow-empty-requirements");
        listedAfterKept.Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        emptied.ShouldSucceed().Stdout.Should().Contain(" - alpha==1.0").And.Contain(" - beta==1.0");
        (await sandbox.PipListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_dash_reads_the_requirements_from_standard_input_as_uv_does()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();

        var sync = await DfiProcess.RunAsync(
            ["sync", "-", "-i", server.IndexUrl.AbsoluteUri, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache], environment: null,
            standardInput: "alpha==1.0\nbeta==1.0  # piped\n");

        sync.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
    }

    [Fact]
    public async Task Reinstall_package_replaces_only_the_named_distributions()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==1.0", "beta==1.0", "Zope.Thing==3.0");
        await sandbox.SyncCheckedAsync(requirements, server);

        var again = await sandbox.SyncCheckedAsync(requirements, server, "--reinstall-package", "ALPHA,zope_thing");
        var invalid = await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri, "--reinstall-package", "not a name");

        again.Stdout.Should().Contain(" - alpha==1.0\n + alpha==1.0\n").And.Contain(" + zope-thing==3.0\n").And.NotContain("beta");
        await sandbox.PipCheckShouldPassAsync();
        invalid.ExitCode.Should().Be(2, invalid.ToString());
        invalid.Stderr.Should().Contain("--reinstall-package 'not a name' is not a valid project name");
    }

    [Fact]
    public async Task Right_hashes_pass_in_hash_checking_mode()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer(TestIndexFormat.Json);
        var requirements = sandbox.WriteRequirements("requirements.txt",
            $"alpha==2.0 \\",
            $"    --hash=sha256:{new string('1', 64)} \\",
            $"    --hash=sha256:{wheels.Sha256Of("alpha-2.0-py3-none-any.whl")}",
            $"beta==1.0 --hash=sha256:{wheels.Sha256Of("beta-1.0-py3-none-any.whl")}");

        await sandbox.SyncCheckedAsync(requirements, server, "--require-hashes");

        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0", ["beta"] = "1.0" });
    }

    [Fact]
    public async Task A_requirements_file_with_one_unhashed_line_in_hash_checking_mode_fails_before_downloading()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt",
            $"alpha==2.0 --hash=sha256:{wheels.Sha256Of("alpha-2.0-py3-none-any.whl")}",
            "beta==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri);

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain($"{requirements}:2", sync.ToString());
        server.RequestedPaths.Should().NotContain(path => path.StartsWith("/files/", StringComparison.Ordinal));
        (await sandbox.PipListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Environment_variables_are_expanded_in_requirements_files()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "--index-url ${DFI_E2E_INDEX}", "alpha==${DFI_E2E_ALPHA_VERSION}");

        var sync = await sandbox.SyncAsync([requirements], new Dictionary<string, string?>
        {
            ["DFI_E2E_INDEX"] = server.IndexUrl.AbsoluteUri,
            ["DFI_E2E_ALPHA_VERSION"] = "1.1",
        });

        sync.ShouldSucceed().Stdout.Should().Contain(" + alpha==1.1\n");
        server.CountRequests("/files/alpha-1.1-py3-none-any.whl").Should().Be(1);
    }

    [Fact]
    public async Task An_extra_index_is_asked_before_the_index_and_the_first_that_has_a_project_wins_as_uv_orders_them()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        // A private extra index with alpha 1.0, and the index (PyPI's place) with a newer, same-named alpha 2.0.
        await using var extra = wheels.StartServer(wheels.CopyTo(sandbox.Combine("private"), "alpha-1.0-py3-none-any.whl"));
        await using var primary = wheels.StartServer(TestIndexFormat.Json);
        var requirements = sandbox.WriteRequirements("requirements.txt", $"--extra-index-url {extra.IndexUrl.AbsoluteUri}", "alpha", "beta==1.0");

        var sync = await sandbox.SyncCheckedAsync(requirements, primary);

        sync.Stdout.Should().Contain(" + alpha==1.0\n").And.Contain(" + beta==1.0\n");
        extra.CountRequests("/files/alpha-1.0-py3-none-any.whl").Should().Be(1);
        primary.RequestedPaths.Should().NotContain(path => path.Contains("/alpha", StringComparison.Ordinal),
            "alpha is found on the extra index, asked first, so the index's newer alpha is not even looked at (no dependency confusion)");
        primary.CountRequests("/files/beta-1.0-py3-none-any.whl").Should().Be(1, "beta is only on the index");
        await sandbox.PipCheckShouldPassAsync();
    }

    [Fact]
    public async Task A_find_links_folder_without_an_index_is_enough()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha", "beta", "gamma", "Zope.Thing");

        var sync = await sandbox.SyncAsync(requirements, "-f", wheels.Folder, "--no-index");

        sync.ShouldSucceed().Stdout.Should().Contain(" + alpha==2.0\n").And.Contain(" + zope-thing==3.0\n");
        File.ReadAllText(Path.Combine(sandbox.SitePackages, "gamma", "_build.py")).Should().Contain("platform");
        await sandbox.PipCheckShouldPassAsync();
    }

    [Fact]
    public async Task Prefer_binary_takes_an_older_wheel_over_a_newer_sdist_as_pip_does()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = sandbox.Combine("links");
        TestDistributions.WriteWheel(folder, "demo-1.0-py3-none-any.whl");
        TestDistributions.WriteSdist(folder, "demo-2.0.tar.gz");
        var plain = sandbox.WriteRequirements("plain.txt", "--no-index", $"-f {folder}", "demo");
        var preferring = sandbox.WriteRequirements("preferring.txt", "--no-index", $"-f {folder}", "--prefer-binary", "demo");

        var planned = await sandbox.SyncAsync(plain, "--dry-run");
        var synced = await sandbox.SyncAsync(preferring);
        var pip = await Pip.RunAsync(sandbox.Python, ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", "-", "-r", preferring]);

        planned.ShouldSucceed().Stdout.Should().Contain("demo==2.0", "without it the newer sdist wins, as with pip");
        synced.ShouldSucceed().Stdout.Should().Contain(" + demo==1.0\n");
        pip.ShouldSucceed().Stdout.Should().Contain("demo-1.0-py3-none-any.whl");
    }

    [Fact]
    public async Task Pre_on_the_command_line_or_in_the_file_lets_a_range_take_a_pre_release()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = sandbox.Combine("links");
        TestDistributions.WriteWheel(folder, "demo-1.0-py3-none-any.whl");
        TestDistributions.WriteWheel(folder, "demo-2.0rc1-py3-none-any.whl");
        var plain = sandbox.WriteRequirements("plain.txt", "--no-index", $"-f {folder}", "demo>=1");
        var withPre = sandbox.WriteRequirements("pre.txt", "--no-index", $"-f {folder}", "--pre", "demo>=1");

        var final = await sandbox.SyncAsync(plain, "--dry-run");
        var fromCommandLine = await sandbox.SyncAsync(plain, "--pre", "--dry-run");
        var fromFile = await sandbox.SyncAsync(withPre, "--dry-run");

        final.ShouldSucceed().Stdout.Should().Contain("demo==1.0");
        fromCommandLine.ShouldSucceed().Stdout.Should().Contain("demo==2.0rc1");
        fromFile.ShouldSucceed().Stdout.Should().Contain("demo==2.0rc1");
    }

    [Fact]
    public async Task A_find_links_wheel_whose_metadata_requires_a_newer_python_is_passed_over()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "zeta");

        var sync = await sandbox.SyncAsync(requirements, "-f", wheels.Folder, "--no-index");

        sync.ShouldSucceed().Stdout.Should().Contain(" + zeta==1.0\n");
    }

    [Fact]
    public async Task Requirements_whose_markers_do_not_match_are_skipped()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt",
            "alpha==1.0 ; python_version < \"3\"",
            "epsilon==1.0 ; python_version >= \"3\" and sys_platform == \"linux\"");

        var sync = await sandbox.SyncCheckedAsync(requirements, server);

        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["epsilon"] = "1.0" });
        sync.Stdout.Should().NotContain("alpha");
        server.RequestedPaths.Should().NotContain(path => path.Contains("alpha", StringComparison.Ordinal));
    }
}
