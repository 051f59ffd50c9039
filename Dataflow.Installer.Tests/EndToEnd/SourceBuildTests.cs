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

    [Fact]
    public async Task Config_settings_reach_the_build_a_repeated_key_as_a_list_and_other_settings_build_again_rather_than_reuse_the_cache()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = Sdist(sandbox.Root, "inTreeDemo", "intree_demo");
        var plain = sandbox.WriteRequirements("plain.txt", "intree-demo==1.0");
        var ownLine = sandbox.WriteRequirements("own-line.txt", "intree-demo==1.0 --config-settings flavour=lime -C other=x");
        string[] local = ["-f", links, "--no-index", "--no-build-isolation"];
        foreach (var venv in new[] { "plain", "own-line", "again" })
        {
            await sandbox.CreateVenvAsync(sandbox.Combine(venv));
        }

        var listed = await sandbox.SyncAsync([plain, .. local, "-C", "flavour=salt", "-C", "flavour=pepper"], environment: null);
        var none = await sandbox.SyncAsync([plain, .. local], environment: null, venv: sandbox.Combine("plain"));
        var fromLine = await sandbox.SyncAsync([ownLine, .. local, "-C", "flavour=salt"], environment: null, venv: sandbox.Combine("own-line"));
        var again = await sandbox.SyncAsync([plain, .. local, "-C", "flavour=salt", "-C", "flavour=pepper"], environment: null, venv: sandbox.Combine("again"));

        foreach (var sync in new[] { listed, none, fromLine, again })
        {
            sync.ShouldSucceed();
        }
        (await FlavourAsync(sandbox.Python)).Should().Be("['salt', 'pepper']", "a key given twice reaches the backend as a list, as pip 23.1+ passes it");
        (await FlavourAsync(Path.Combine(sandbox.Combine("plain"), "bin", "python"))).Should().Be("none", "a wheel built with settings is not one built without");
        (await FlavourAsync(Path.Combine(sandbox.Combine("own-line"), "bin", "python"))).Should().Be("lime", "the requirement's own setting wins over the command line's");
        (await FlavourAsync(Path.Combine(sandbox.Combine("again"), "bin", "python"))).Should().Be("['salt', 'pepper']");
        Directory.GetFiles(Path.Combine(sandbox.Cache, "built-wheels-v1"), "*.whl", SearchOption.AllDirectories)
            .Should().HaveCount(3, "one build per set of settings; the fourth sync took the first one's wheel");
    }

    [Fact]
    public async Task A_config_settings_line_without_a_requirement_or_without_key_and_value_is_an_error_naming_the_line()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var alone = sandbox.WriteRequirements("alone.txt", "--config-settings flavour=lime", "intree-demo==1.0");
        var valueless = sandbox.WriteRequirements("valueless.txt", "intree-demo==1.0 --config-settings flavour");

        var aloneSync = await sandbox.SyncAsync(alone, "--no-index");
        var valuelessSync = await sandbox.SyncAsync(valueless, "--no-index");

        aloneSync.ExitCode.Should().Be(2, aloneSync.ToString());
        aloneSync.Stderr.Should().Contain("alone.txt:1").And.Contain("applies to the requirement on its line");
        valuelessSync.ExitCode.Should().Be(2, valuelessSync.ToString());
        valuelessSync.Stderr.Should().Contain("valueless.txt:1").And.Contain("is not KEY=VALUE");
    }

    private static async Task<string> FlavourAsync(string python) =>
        (await ChildProcess.RunAsync(python, ["-c", "try:\n from intree_demo._flavour import FLAVOUR\nexcept ImportError:\n FLAVOUR = 'none'\nprint(FLAVOUR)"]))
            .ShouldSucceed().Stdout.Trim();
}
