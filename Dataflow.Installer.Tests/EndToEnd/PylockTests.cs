using System.Security.Cryptography;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary><c>dfi sync pylock.toml</c>: a PEP 751 lock file as the whole set, its files and hashes taken as they are.</summary>
public sealed class PylockTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string Alpha = "alpha-2.0-py3-none-any.whl";
    private const string Beta = "beta-1.0-py3-none-any.whl";

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private string WriteLock(SyncSandbox sandbox, string? betaHash = null)
    {
        var dist = wheels.CopyTo(sandbox.Combine("dist"), Alpha, Beta);
        var path = sandbox.Combine("pylock.toml");
        File.WriteAllText(path, $$"""
            lock-version = "1.0"
            requires-python = ">=3.8"
            created-by = "dfi tests"

            [[packages]]
            name = "alpha"
            version = "2.0"
            index = "https://pypi.org/simple"
            wheels = [{ path = "dist/{{Alpha}}", hashes = { sha256 = "{{Sha256Of(Path.Combine(dist, Alpha))}}" } }]

            [[packages]]
            name = "beta"
            wheels = [{ path = "dist/{{Beta}}", hashes = { sha256 = "{{betaHash ?? Sha256Of(Path.Combine(dist, Beta))}}" } }]

            [[packages]]
            name = "gamma"
            marker = "'dev' in dependency_groups"
            wheels = [{ path = "dist/gamma-1.0-py3-none-any.whl", hashes = { sha256 = "{{new string('0', 64)}}" } }]
            """);
        return path;
    }

    [Fact]
    public async Task A_lock_file_is_synced_as_the_whole_set_and_a_second_sync_is_a_no_op()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var lockFile = WriteLock(sandbox);

        var first = await sandbox.SyncAsync(lockFile, "--no-index");

        first.ShouldSucceed().Stdout.Should().Contain(" + alpha==2.0\n").And.Contain(" + beta==1.0\n").And.NotContain("gamma");
        File.Exists(Path.Combine(sandbox.SitePackages, "alpha-2.0.dist-info", "direct_url.json")).Should().BeFalse("a package from an index is installed as an index install");
        File.ReadAllText(Path.Combine(sandbox.SitePackages, "beta-1.0.dist-info", "direct_url.json")).Should().Contain("\"url\": \"" + new Uri(sandbox.Combine("dist", Beta)).AbsoluteUri + "\"");
        await sandbox.PipCheckShouldPassAsync();

        (await sandbox.SyncAsync(lockFile, "--no-index")).ShouldSucceed().Stdout.Should().Contain("Audited 2 packages");
    }

    [Fact]
    public async Task A_file_that_does_not_match_the_lock_s_hash_fails_and_changes_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var before = await sandbox.SnapshotVenvAsync();
        var lockFile = WriteLock(sandbox, betaHash: new string('f', 64));

        var sync = await sandbox.SyncAsync(lockFile, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain(Beta).And.Contain("sha256");
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(before);
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task A_lock_file_with_a_requirements_file_is_a_usage_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var lockFile = WriteLock(sandbox);

        var sync = await sandbox.SyncAsync(lockFile, sandbox.WriteRequirements("requirements.txt", "alpha==2.0"), "--no-index");

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain("is a lock file (PEP 751), which is the whole set: sync it alone");
    }

    [Fact]
    public async Task A_lock_file_with_a_constraints_file_is_a_usage_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var lockFile = WriteLock(sandbox);

        var sync = await sandbox.SyncAsync(lockFile, "-c", sandbox.WriteRequirements("constraints.txt", "alpha<2"), "--no-index");

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain("pins every version itself: -c/--constraint applies to requirements files only");
    }

    [Fact]
    public async Task A_group_asked_for_installs_what_its_marker_admits_and_extra_with_a_requirements_file_is_a_usage_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var lockFile = WriteLock(sandbox);

        var dev = await sandbox.SyncAsync(lockFile, "--no-index", "--group", "dev");

        dev.ExitCode.Should().Be(1, "the dev group brings gamma, whose file the lock names but the folder does not hold: " + dev);
        dev.Stderr.Should().Contain("gamma-1.0-py3-none-any.whl");

        var extra = await sandbox.SyncAsync(sandbox.WriteRequirements("requirements.txt", "alpha==2.0"), "--no-index", "--extra", "docs");

        extra.ExitCode.Should().Be(2, extra.ToString());
        extra.Stderr.Should().Contain("--extra and --group choose what a pylock.toml installs");
    }
}
