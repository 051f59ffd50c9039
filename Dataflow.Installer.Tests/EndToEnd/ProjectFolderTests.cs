using System.Text.Json;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Project folders in requirements files: <c>./pkg</c> and <c>name @ file:///pkg</c> built in place, <c>-e</c> installed in place (PEP 660).</summary>
public sealed class ProjectFolderTests
{
    private static string Greeting(SyncSandbox sandbox, string greeting)
    {
        var module = sandbox.Combine("proj", "intree_demo", "__init__.py");
        File.WriteAllText(module, $"GREETING = \"{greeting}\"\n\n\ndef main():\n    print(GREETING)\n    return 0\n");
        return module;
    }

    private static async Task<string> RunScriptAsync(SyncSandbox sandbox) =>
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "intree-demo"), [])).ShouldSucceed().Stdout.Trim();

    private static string DirectUrlJson(SyncSandbox sandbox) =>
        File.ReadAllText(Path.Combine(sandbox.SitePackages, "intree_demo-1.0.dist-info", "direct_url.json"));

    [Fact]
    public async Task An_editable_folder_is_installed_in_place_kept_by_the_next_sync_and_shown_by_pip_as_editable()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var project = SourceDists.Folder(sandbox.Combine("proj"), "inTreeDemo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "-e ./proj");

        var first = await sandbox.SyncAsync(requirements, "--no-index");

        first.ShouldSucceed().Stdout.Should().Contain(" + intree-demo==1.0\n");
        DirectUrlJson(sandbox).Should().Be($"{{\"dir_info\": {{\"editable\": true}}, \"url\": \"{new Uri(project).AbsoluteUri}\"}}");
        (await sandbox.RunPythonAsync("import intree_demo; print(intree_demo.__file__)")).ShouldSucceed()
            .Stdout.Trim().Should().Be(Path.Combine(project, "intree_demo", "__init__.py"), "the code is imported from the folder itself");
        Greeting(sandbox, "edited in place");
        (await RunScriptAsync(sandbox)).Should().Be("edited in place", "an edit to the folder's code needs no reinstall");

        var second = await sandbox.SyncAsync(requirements, "--no-index");

        second.ShouldSucceed().Stdout.Should().Contain("Audited 1 package").And.NotContain(" + ");
        using (var listed = JsonDocument.Parse((await sandbox.PipAsync("list", "--format", "json")).ShouldSucceed().Stdout))
        {
            listed.RootElement.EnumerateArray().Single(item => item.GetProperty("name").GetString() == "intree-demo")
                .GetProperty("editable_project_location").GetString().Should().Be(project);
        }
        (await sandbox.PipAsync("freeze")).ShouldSucceed().Stdout.Should().Contain($"-e {project}\n");
        await sandbox.PipCheckShouldPassAsync();
        (await sandbox.PipAsync("uninstall", "-y", "intree-demo")).ShouldSucceed();
        // pip removes folders its uninstall left empty: site-packages itself, in an environment holding nothing else.
        (Directory.Exists(sandbox.SitePackages) ? Directory.GetFileSystemEntries(sandbox.SitePackages, "*intree_demo*") : []).Should().BeEmpty();
        File.Exists(Path.Combine(sandbox.Bin, "intree-demo")).Should().BeFalse();
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task An_editable_install_is_built_again_once_its_pyproject_changes()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var project = SourceDists.Folder(sandbox.Combine("proj"), "inTreeDemo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "-e ./proj");
        (await sandbox.SyncAsync(requirements, "--no-index")).ShouldSucceed();
        var pyproject = Path.Combine(project, "pyproject.toml");
        File.WriteAllText(pyproject, File.ReadAllText(pyproject).Replace("version = \"1.0\"", "version = \"1.1\"", StringComparison.Ordinal));

        var sync = await sandbox.SyncAsync(requirements, "--no-index");

        sync.ShouldSucceed().Stdout.Should().Contain(" - intree-demo==1.0\n").And.Contain(" + intree-demo==1.1\n");
        (await sandbox.PipListAsync()).Should().Contain("intree-demo", "1.1");
    }

    [Fact]
    public async Task A_project_folder_is_built_again_at_every_sync_so_that_its_edits_arrive()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var project = SourceDists.Folder(sandbox.Combine("proj"), "inTreeDemo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "./proj");
        var report = sandbox.Combine("report.json");

        (await sandbox.SyncAsync(requirements, "--no-index", "--report", report)).ShouldSucceed().Stdout.Should().Contain(" + intree-demo==1.0\n");

        using (var document = JsonDocument.Parse(File.ReadAllText(report)))
        {
            var built = document.RootElement.GetProperty("distributions").EnumerateArray().Single();
            built.GetProperty("version").GetString().Should().Be("1.0", "the report gives the version the folder's build gave");
            built.GetProperty("source").GetString().Should().Be(new Uri(project).AbsoluteUri);
            built.GetProperty("built").GetBoolean().Should().BeTrue();
        }

        DirectUrlJson(sandbox).Should().Be($"{{\"dir_info\": {{}}, \"url\": \"{new Uri(project).AbsoluteUri}\"}}");
        (await RunScriptAsync(sandbox)).Should().Be("hello from intree_demo");
        Greeting(sandbox, "edited and rebuilt");
        (await RunScriptAsync(sandbox)).Should().Be("hello from intree_demo", "a folder installed as a wheel does not follow its edits");

        var second = await sandbox.SyncAsync(requirements, "--no-index");

        second.ShouldSucceed().Stdout.Should().Contain(" - intree-demo==1.0\n").And.Contain(" + intree-demo==1.0\n");
        (await RunScriptAsync(sandbox)).Should().Be("edited and rebuilt");
        await sandbox.PipCheckShouldPassAsync();
        Directory.Exists(Path.Combine(sandbox.Cache, "built-wheels-v1")).Should().BeFalse("a folder's build is never taken for a later run's");
        sandbox.WheelEntries().Should().BeEmpty("a folder's wheel is unzipped in the run's scratch folder, which goes with the run");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_folder_whose_build_fails_is_named_and_the_environment_stays_as_it_was()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var failing = SourceDists.Folder(sandbox.Combine("failing"), "failingDemo");
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", $"failing-demo @ {new Uri(failing).AbsoluteUri}");

        var sync = await sandbox.SyncAsync(requirements, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain($"failing-demo @ {failing}: build failed").And.Contain("imaginary-cc");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task An_editable_folder_whose_backend_has_no_build_editable_hook_is_refused_naming_PEP_660()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var project = sandbox.Combine("wheelonly");
        Directory.CreateDirectory(Path.Combine(project, "_backend"));
        File.WriteAllText(Path.Combine(project, "pyproject.toml"),
            "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\"_backend\"]\n\n[project]\nname = \"wheel-only\"\nversion = \"1.0\"\n");
        File.WriteAllText(Path.Combine(project, "_backend", "backend.py"), "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n    raise RuntimeError('not reached')\n");
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "-e ./wheelonly");

        var sync = await sandbox.SyncAsync(requirements, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain($"wheel-only @ {project} (editable): build failed").And.Contain("has no build_editable hook (PEP 660)");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
    }

    [Fact]
    public async Task Warm_skips_a_project_folder_with_a_warning_and_builds_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        SourceDists.Folder(sandbox.Combine("proj"), "inTreeDemo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "-e ./proj");

        var warm = await DfiProcess.RunAsync(["warm", requirements, "--no-index", "--cache-dir", sandbox.Cache]);

        warm.ShouldSucceed().Stderr.Should().Contain("requirements.txt:1: ").And.Contain("is a project folder, which sync builds in place");
        Directory.Exists(Path.Combine(sandbox.Cache, "wheels-v1")).Should().BeFalse();
    }

    [Fact]
    public async Task A_folder_whose_name_only_setup_py_knows_is_built_to_learn_it_and_then_named_by_its_install()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = await SourceDists.WithBuildRequirementsAsync(sandbox.Combine("links"));
        var project = SourceDists.Folder(sandbox.Combine("legacy"), "legacyDemo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "-e ./legacy");

        var first = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        first.ShouldSucceed().Stdout.Should().Contain(" + legacy-demo==3.0\n");
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "legacy-demo"), [])).ShouldSucceed();
        (await sandbox.PipAsync("freeze")).ShouldSucceed().Stdout.Should().Contain($"-e {project}\n");

        var second = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "-v");

        second.ShouldSucceed().Stdout.Should().Contain("Audited 1 package");
        second.Stderr.Should().NotContain("to learn its name", "the installed distribution recorded from the folder names it");

        sandbox.WriteRequirements("requirements.txt", "-e ./legacy", "legacy-demo==3.0");
        var twice = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        twice.ExitCode.Should().NotBe(0, twice.ToString());
        twice.Stderr.Should().Contain("requirements.txt:2: 'legacy-demo==3.0' is already required as 'legacy-demo @ file://");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_folder_named_by_a_stale_install_of_another_name_is_built_again_and_the_old_name_removed()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = await SourceDists.WithBuildRequirementsAsync(sandbox.Combine("links"));
        var project = SourceDists.Folder(sandbox.Combine("legacy"), "legacyDemo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "-e ./legacy/", "-e ./legacy");
        (await sandbox.SyncAsync(requirements, "-f", links, "--no-index")).ShouldSucceed().Stdout.Should().Contain(" + legacy-demo==3.0\n");
        var setup = Path.Combine(project, "setup.py");
        File.WriteAllText(setup, File.ReadAllText(setup).Replace("\"legacy-demo\"", "\"renamed-demo\"", StringComparison.Ordinal));

        var renamed = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        renamed.ShouldSucceed().Stdout.Should().Contain(" - legacy-demo==3.0\n").And.Contain(" + renamed-demo==3.0\n");
        (await sandbox.PipListAsync()).Keys.Should().Contain("renamed-demo").And.NotContain("legacy-demo");
        await sandbox.PipCheckShouldPassAsync();
    }
}
