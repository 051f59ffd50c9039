using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 8, end to end: DFI_* variables, dfi.toml and the command line, and which one a real run obeys.</summary>
public sealed class ConfigurationTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly string[] RequestedProject = ["/simple/alpha/"];

    /// <summary><c>dfi sync requirements.txt</c> run from the sandbox's folder, away from any user configuration file.</summary>
    private static async Task<ProcessResult> SyncFromRootAsync(SyncSandbox sandbox, IEnumerable<string> extraArguments, Dictionary<string, string?> environment)
    {
        sandbox.WriteRequirements("requirements.txt", "alpha==1.0");
        environment["XDG_CONFIG_HOME"] = Directory.CreateDirectory(sandbox.Combine("no-user-config")).FullName;
        return await DfiProcess.RunAsync(
            ["sync", "requirements.txt", "--python", sandbox.Venv, "--cache-dir", sandbox.Cache, .. extraArguments],
            environment,
            workingDirectory: sandbox.Root);
    }

    private static void WriteProjectFile(string folder, params string[] lines) =>
        File.WriteAllText(Path.Combine(folder, "dfi.toml"), string.Join('\n', lines) + "\n");

    private static void OnlyThisServerWasAsked(TestIndexServer winner, params TestIndexServer[] losers)
    {
        winner.RequestedPaths.Should().Contain(RequestedProject);
        foreach (var loser in losers)
        {
            loser.Requests.Should().BeEmpty($"{loser.IndexUrl} was configured at a lower precedence");
        }
    }

    [Fact]
    public async Task A_dfi_toml_in_the_working_directory_configures_sync()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var project = wheels.StartServer();
        WriteProjectFile(sandbox.Root, $"index-url = \"{project.IndexUrl.AbsoluteUri}\"", "", "[sync]", "concurrent-downloads = 2");

        var sync = await SyncFromRootAsync(sandbox, [], []);

        sync.ShouldSucceed().Stdout.Should().Contain(" + alpha==1.0\n");
        project.RequestedPaths.Should().Contain(RequestedProject);
        (await sandbox.PipListAsync()).Should().Equal(new Dictionary<string, string> { ["alpha"] = "1.0" });
    }

    [Fact]
    public async Task DFI_INDEX_URL_wins_over_the_dfi_toml()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var environment = wheels.StartServer();
        await using var project = wheels.StartServer();
        WriteProjectFile(sandbox.Root, $"index-url = \"{project.IndexUrl.AbsoluteUri}\"");

        var sync = await SyncFromRootAsync(sandbox, [], new() { ["DFI_INDEX_URL"] = environment.IndexUrl.AbsoluteUri });

        sync.ShouldSucceed().Stdout.Should().Contain(" + alpha==1.0\n");
        OnlyThisServerWasAsked(environment, project);
    }

    [Fact]
    public async Task The_command_line_wins_over_DFI_INDEX_URL_and_the_dfi_toml()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var commandLine = wheels.StartServer();
        await using var environment = wheels.StartServer();
        await using var project = wheels.StartServer();
        WriteProjectFile(sandbox.Root, $"index-url = \"{project.IndexUrl.AbsoluteUri}\"");

        var sync = await SyncFromRootAsync(sandbox, ["-i", commandLine.IndexUrl.AbsoluteUri], new() { ["DFI_INDEX_URL"] = environment.IndexUrl.AbsoluteUri });

        sync.ShouldSucceed().Stdout.Should().Contain(" + alpha==1.0\n");
        OnlyThisServerWasAsked(commandLine, environment, project);
    }

    [Fact]
    public async Task A_key_of_the_wrong_type_fails_with_exit_code_2_naming_the_file_and_line()
    {
        using var folder = new TemporaryDirectory();
        WriteProjectFile(folder.Path, "# the project's dfi settings", "concurrent-downloads = \"eight\"");

        var sync = await DfiProcess.RunAsync(["sync", "requirements.txt"], new Dictionary<string, string?>(), workingDirectory: folder.Path);

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain(Path.Combine(folder.Path, "dfi.toml") + ":2").And.Contain("concurrent-downloads");
    }

    [Fact]
    public async Task A_project_file_in_a_parent_folder_applies_with_paths_relative_to_it()
    {
        using var folder = new TemporaryDirectory();
        WriteProjectFile(folder.Path, "cache-dir = \"shared-cache\"");
        var subfolder = Directory.CreateDirectory(folder.Combine("src", "package")).FullName;

        var dir = await DfiProcess.RunAsync(["cache", "dir"], new Dictionary<string, string?>(), workingDirectory: subfolder);

        dir.ShouldSucceed().Stdout.Trim().Should().Be(folder.Combine("shared-cache"));
    }

    [Fact]
    public async Task An_unknown_DFI_variable_is_a_warning_and_the_run_goes_on()
    {
        using var folder = new TemporaryDirectory();

        var dir = await DfiProcess.RunAsync(
            ["cache", "dir"],
            new Dictionary<string, string?> { ["DFI_CACHE_DIR"] = folder.Combine("cache"), ["DFI_CAHCE_DIR"] = "/typo" },
            workingDirectory: folder.Path);

        dir.ShouldSucceed().Stdout.Trim().Should().Be(folder.Combine("cache"));
        dir.Stderr.Should().Contain("warning:").And.Contain("DFI_CAHCE_DIR");
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    [InlineData("sync", "--version")]
    public async Task Version_prints_one_line_on_stdout(params string[] arguments)
    {
        var version = await DfiProcess.RunAsync(arguments);

        version.ShouldSucceed().Stdout.Should().Be("dfi 0.1.0\n");
        version.Stderr.Should().BeEmpty();
    }
}
