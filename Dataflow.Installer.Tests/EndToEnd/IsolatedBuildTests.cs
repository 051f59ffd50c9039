using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 3: sdists built in fresh environments whose build requirements dfi resolves and installs itself.</summary>
public sealed class IsolatedBuildTests
{
    private static string[] BuiltWheels(SyncSandbox sandbox)
    {
        var folder = Path.Combine(sandbox.Cache, "built-wheels-v1");
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.whl", SearchOption.AllDirectories).Select(Path.GetFileName).Order()!] : [];
    }

    private static bool HasInSitePackages(SyncSandbox sandbox, string name) =>
        Directory.EnumerateFileSystemEntries(sandbox.SitePackages, name + "*").Any();

    [Fact]
    public async Task An_in_tree_backend_sdist_builds_in_a_fresh_environment_and_is_never_built_twice()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = SourceDists.Pack(sandbox.Combine("links"), "inTreeDemo", "intree_demo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "intree-demo==1.0");

        var first = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        first.ShouldSucceed().Stdout.Should().Contain(" + intree-demo==1.0\n");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "intree-demo"), [])).ShouldSucceed().Stdout.Should().Contain("hello from intree_demo");
        BuiltWheels(sandbox).Should().Equal("intree_demo-1.0-py3-none-any.whl");
        var built = Directory.GetFiles(Path.Combine(sandbox.Cache, "built-wheels-v1"), "*.whl", SearchOption.AllDirectories).Single();
        var builtAt = File.GetLastWriteTimeUtc(built);

        var second = sandbox.Combine("second");
        await sandbox.CreateVenvAsync(second);
        (await sandbox.SyncAsync([requirements, "-f", links, "--no-index"], environment: null, venv: second)).ShouldSucceed();

        File.GetLastWriteTimeUtc(built).Should().Be(builtAt, "the second environment gets the cached wheel, not a new build");
        BuiltWheels(sandbox).Should().ContainSingle();
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_setuptools_project_builds_in_isolation_with_setuptools_and_wheel_from_the_index()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = await SourceDists.WithBuildRequirementsAsync(sandbox.Combine("served"));
        SourceDists.Pack(folder, "setuptoolsDemo", "setuptools_demo", "2.0");
        await using var server = TestIndexServer.Start(folder);
        var requirements = sandbox.WriteRequirements("requirements.txt", "setuptools-demo==2.0");

        var sync = await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri);

        sync.ShouldSucceed().Stdout.Should().Contain(" + setuptools-demo==2.0\n");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "setuptools-demo"), [])).ShouldSucceed();
        HasInSitePackages(sandbox, "setuptools-").Should().BeFalse("build requirements go into the build environment, not the target");
        HasInSitePackages(sandbox, "wheel-").Should().BeFalse();
        await sandbox.PipCheckShouldPassAsync();
        server.CountRequests("setuptools-65.5.0-py3-none-any.whl").Should().Be(1);
        server.CountRequests("wheel-0.38.4-py3-none-any.whl").Should().BeGreaterThanOrEqualTo(1);
        sandbox.CacheTmpShouldBeEmpty();

        var again = sandbox.Combine("again");
        await sandbox.CreateVenvAsync(again);
        (await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri], environment: null, venv: again)).ShouldSucceed();
        server.CountRequests("setuptools-65.5.0-py3-none-any.whl").Should().Be(1, "a cached build needs no build environment");
        BuiltWheels(sandbox).Should().Equal("setuptools_demo-2.0-py3-none-any.whl");
    }

    [Fact]
    public async Task A_setup_py_only_project_builds_with_the_legacy_backend_in_isolation()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = await SourceDists.WithBuildRequirementsAsync(sandbox.Combine("links"));
        SourceDists.Pack(links, "legacyDemo", "legacy_demo", "3.0");
        var requirements = sandbox.WriteRequirements("requirements.txt", "legacy-demo==3.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        sync.ShouldSucceed().Stdout.Should().Contain(" + legacy-demo==3.0\n");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "legacy-demo"), [])).ShouldSucceed();
        await sandbox.PipCheckShouldPassAsync();
    }

    [Fact]
    public async Task A_build_requirement_that_is_itself_an_sdist_is_built_first()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = sandbox.Combine("links");
        SourceDists.InTree(links, "outer-app", "1.0", ["inner-tool>=1"]);
        SourceDists.InTree(links, "inner-tool", "1.5", []);
        var requirements = sandbox.WriteRequirements("requirements.txt", "outer-app==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        sync.ShouldSucceed();
        BuiltWheels(sandbox).Should().Equal("inner_tool-1.5-py3-none-any.whl", "outer_app-1.0-py3-none-any.whl");
        HasInSitePackages(sandbox, "inner_tool").Should().BeFalse();
        (await sandbox.RunPythonAsync("import outer_app")).ShouldSucceed();
    }

    [Fact]
    public async Task A_cycle_of_sdist_build_requirements_is_an_error_that_names_the_cycle()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = sandbox.Combine("links");
        SourceDists.InTree(links, "chicken", "1.0", ["egg"]);
        SourceDists.InTree(links, "egg", "1.0", ["chicken"]);
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "chicken==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("cycle").And.Contain("chicken -> egg -> chicken");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        BuiltWheels(sandbox).Should().BeEmpty();
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_build_requirement_no_index_has_is_an_error_naming_it_and_the_sdist()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = SourceDists.InTree(sandbox.Combine("links"), "needy", "1.0", ["no-such-backend>=2"]);
        var requirements = sandbox.WriteRequirements("requirements.txt", "needy==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("needy-1.0.tar.gz").And.Contain("no-such-backend");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task Build_constraints_pin_build_requirements_and_a_conflicting_one_is_an_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = sandbox.Combine("links");
        SourceDists.InTree(links, "app", "1.0", ["tool"]);
        SourceDists.InTree(links, "tool", "1.0", []);
        SourceDists.InTree(links, "tool", "2.0", []);
        var requirements = sandbox.WriteRequirements("requirements.txt", "app==1.0");
        var pinned = sandbox.WriteRequirements("build-constraints.txt", "# the fleet's pins", "tool==1.0");
        var impossible = sandbox.WriteRequirements("impossible.txt", "tool>=3");

        var failing = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--build-constraints", impossible);
        failing.ExitCode.Should().Be(1, failing.ToString());
        failing.Stderr.Should().Contain("tool");

        (await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--build-constraints", pinned)).ShouldSucceed();
        BuiltWheels(sandbox).Should().Equal("app-1.0-py3-none-any.whl", "tool-1.0-py3-none-any.whl");
    }

    [Fact]
    public async Task Config_settings_reach_the_backend_hooks()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = SourceDists.Pack(sandbox.Combine("served"), "inTreeDemo", "intree_demo");
        await SourceDists.WithBuildRequirementsAsync(folder);
        await using var server = TestIndexServer.Start(folder);
        var requirements = sandbox.WriteRequirements("requirements.txt", "intree-demo==1.0");

        // The in-tree backend's get_requires_for_build_wheel returns what config setting extra-requires lists.
        (await sandbox.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri, "-C", "extra-requires=wheel")).ShouldSucceed();

        server.CountRequests("wheel-0.38.4-py3-none-any.whl").Should().Be(1, "the hook asked for wheel because the setting reached it");
        server.CountRequests("setuptools-65.5.0-py3-none-any.whl").Should().Be(0);
    }

    [Fact]
    public async Task No_more_builds_than_concurrent_builds_run_at_once_as_the_builds_see_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = sandbox.Combine("links");
        var names = new[] { "probe-a", "probe-b", "probe-c", "probe-d" };
        foreach (var name in names)
        {
            SourceDists.InTree(links, name, "1.0", []);
        }
        var probe = sandbox.Combine("probe");
        var requirements = sandbox.WriteRequirements("requirements.txt", [.. names.Select(name => name + "==1.0")]);

        (await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--concurrent-builds", "2", "-C", "probe-dir=" + probe)).ShouldSucceed();

        var seen = Directory.GetFiles(probe, "seen-*").Select(file => int.Parse(File.ReadAllText(file), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        seen.Should().HaveCount(4);
        seen.Should().OnlyContain(count => count >= 1 && count <= 2);
    }

    [Fact]
    public async Task A_hanging_build_is_stopped_by_build_timeout_and_leaves_nothing_behind()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = SourceDists.Pack(sandbox.Combine("links"), "hangingDemo", "hanging_demo");
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "hanging-demo==1.0");
        var pids = sandbox.Combine("pids.txt");

        // Long enough for a loaded machine to reach the backend (which writes the pids), well short of its hour of sleep.
        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--build-timeout", "8", "-C", "pid-file=" + pids);

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("hanging_demo-1.0.tar.gz").And.Contain("--build-timeout");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        sandbox.CacheTmpShouldBeEmpty();
        foreach (var pid in File.ReadAllLines(pids).Select(int.Parse))
        {
            var status = $"/proc/{pid}/status";
            // A killed process that nobody has reaped yet is a zombie: dead, but still listed.
            (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal)).Should().BeTrue($"build process {pid} is killed with the build");
        }
    }

    [Fact]
    public async Task Only_binary_and_no_build_refuse_an_sdist_with_a_reason()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = SourceDists.Pack(sandbox.Combine("links"), "inTreeDemo", "intree_demo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "intree-demo==1.0");

        var onlyBinary = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--only-binary", ":all:");
        var noBuild = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "--no-build");

        onlyBinary.ExitCode.Should().Be(1, onlyBinary.ToString());
        onlyBinary.Stderr.Should().Contain("intree_demo-1.0.tar.gz").And.Contain("--only-binary");
        noBuild.ExitCode.Should().Be(1, noBuild.ToString());
        noBuild.Stderr.Should().Contain("--no-build");
        BuiltWheels(sandbox).Should().BeEmpty();
    }
}
