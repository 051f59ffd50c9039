namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>git requirements (<c>name @ git+URL@rev</c>): cloned, built in the pipeline, kept built by commit, recorded with PEP 610's vcs_info.</summary>
public sealed class GitRequirementTests
{
    private static async Task<string> GitAsync(string repository, params string[] arguments) =>
        (await ChildProcess.RunAsync("git", ["-C", repository, "-c", "user.name=dfi tests", "-c", "user.email=tests@dfi.invalid", .. arguments]))
            .ShouldSucceed().Stdout.Trim();

    /// <summary>The in-tree demo project in a repository: tag v1.0 holds version 1.0, branch main one commit more with 1.1.</summary>
    private static async Task<(string Repository, string V10, string V11)> RepositoryAsync(SyncSandbox sandbox)
    {
        var repository = SourceDists.Folder(sandbox.Combine("repo"), "inTreeDemo");
        await GitAsync(repository, "init", "--quiet", "--initial-branch=main");
        await GitAsync(repository, "add", "--all");
        await GitAsync(repository, "commit", "--quiet", "--message=1.0");
        await GitAsync(repository, "tag", "v1.0");
        var pyproject = Path.Combine(repository, "pyproject.toml");
        File.WriteAllText(pyproject, File.ReadAllText(pyproject).Replace("version = \"1.0\"", "version = \"1.1\"", StringComparison.Ordinal));
        await GitAsync(repository, "commit", "--quiet", "--all", "--message=1.1");
        return (repository, await GitAsync(repository, "rev-parse", "v1.0"), await GitAsync(repository, "rev-parse", "main"));
    }

    private static string DirectUrlJson(SyncSandbox sandbox, string version) =>
        File.ReadAllText(Path.Combine(sandbox.SitePackages, $"intree_demo-{version}.dist-info", "direct_url.json"));

    [Fact]
    public async Task A_git_requirement_is_cloned_built_and_recorded_as_pip_records_it_and_kept_until_its_revision_changes()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var (repository, v10, _) = await RepositoryAsync(sandbox);
        var url = new Uri(repository).AbsoluteUri;
        var requirements = sandbox.WriteRequirements("requirements.txt", $"intree-demo @ git+{url}@v1.0");

        var first = await sandbox.SyncAsync(requirements, "--no-index");

        first.ShouldSucceed().Stdout.Should().Contain(" + intree-demo==1.0\n");
        DirectUrlJson(sandbox, "1.0").Should().Be($"{{\"url\": \"{url}\", \"vcs_info\": {{\"commit_id\": \"{v10}\", \"requested_revision\": \"v1.0\", \"vcs\": \"git\"}}}}");
        (await sandbox.PipAsync("freeze")).ShouldSucceed().Stdout.Should().Contain($"intree-demo @ git+{url}@{v10}\n");
        await sandbox.PipCheckShouldPassAsync();
        (await ChildProcess.RunAsync(Path.Combine(sandbox.Bin, "intree-demo"), [])).ShouldSucceed().Stdout.Should().Be("hello from intree_demo\n");

        (await sandbox.SyncAsync(requirements, "--no-index")).ShouldSucceed().Stdout.Should().Contain("Audited 1 package").And.NotContain(" + ");

        sandbox.WriteRequirements("requirements.txt", $"intree-demo @ git+{url}@main");
        var moved = await sandbox.SyncAsync(requirements, "--no-index");

        moved.ShouldSucceed().Stdout.Should().Contain(" - intree-demo==1.0\n").And.Contain(" + intree-demo==1.1\n");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_commit_built_once_is_installed_again_from_the_cache_without_its_repository()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var (repository, v10, _) = await RepositoryAsync(sandbox);
        var url = new Uri(repository).AbsoluteUri;
        (await sandbox.SyncAsync(sandbox.WriteRequirements("tag.txt", $"intree-demo @ git+{url}@v1.0"), "--no-index")).ShouldSucceed();
        Directory.Move(repository, repository + "-gone");
        await sandbox.CreateVenvAsync(sandbox.Combine("second"));

        var report = sandbox.Combine("report.json");

        var second = await sandbox.SyncAsync(
            [sandbox.WriteRequirements("commit.txt", $"intree-demo @ git+{url}@{v10}"), "--no-index", "--report", report], environment: null, venv: sandbox.Combine("second"));

        second.ShouldSucceed().Stdout.Should().Contain(" + intree-demo==1.0\n");
        using (var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report)))
        {
            var found = document.RootElement.GetProperty("distributions").EnumerateArray().Single();
            found.GetProperty("cache_hit").GetBoolean().Should().BeTrue();
            found.GetProperty("version").GetString().Should().Be("1.0", "the report gives the version of the wheel the commit built");
        }
        Directory.GetFiles(Path.Combine(sandbox.Cache, "built-wheels-v1"), "*.whl", SearchOption.AllDirectories).Should().ContainSingle("the commit was built once");
    }

    [Fact]
    public async Task A_revision_the_repository_lacks_is_an_error_naming_it_and_changes_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var (repository, _, _) = await RepositoryAsync(sandbox);
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", $"git+{new Uri(repository).AbsoluteUri}@v9.9#egg=intree-demo");

        var sync = await sandbox.SyncAsync(requirements, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("the repository has no revision 'v9.9'");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task Without_the_git_program_a_git_requirement_is_an_error_saying_so()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var before = await sandbox.SnapshotVenvAsync();
        var requirements = sandbox.WriteRequirements("requirements.txt", "intree-demo @ git+file:///nowhere/repo@v1.0");

        var sync = await sandbox.SyncAsync([requirements, "--no-index"], new Dictionary<string, string?> { ["PATH"] = sandbox.Combine("empty-path") });

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("intree-demo @ git+file:///nowhere/repo@v1.0").And.Contain("git requirements need the git program");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
    }
}
