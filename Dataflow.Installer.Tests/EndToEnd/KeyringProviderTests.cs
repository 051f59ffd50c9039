using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// <c>--keyring-provider subprocess</c> end to end: a private index that wants alice's password, given only as
/// <c>http://alice@host/simple/</c>, with a <c>keyring</c> program on PATH that knows it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyringProviderTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string Secret = "k3yr1ng-s3cr3t";

    private static Dictionary<string, string?> WithKeyringOnPath(SyncSandbox sandbox, string service)
    {
        var folder = Directory.CreateDirectory(sandbox.Combine("keyring-bin")).FullName;
        var program = Path.Combine(folder, "keyring");
        File.WriteAllText(program, $"#!/bin/sh\n[ \"$1\" = get ] && [ \"$2\" = '{service}' ] && [ \"$3\" = alice ] && echo '{Secret}' && exit 0\nexit 1\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new Dictionary<string, string?>
        {
            ["PATH"] = folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["NETRC"] = sandbox.Combine("no-netrc"),
        };
    }

    [Fact]
    public async Task An_index_url_with_a_user_name_gets_its_password_from_keyring_and_it_never_shows()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        server.RequiredCredentials = ("alice", Secret);
        var index = new UriBuilder(server.IndexUrl) { UserName = "alice" }.Uri.AbsoluteUri;
        var environment = WithKeyringOnPath(sandbox, server.IndexUrl.AbsoluteUri);
        var requirements = sandbox.WriteRequirements("a.txt", "alpha==1.0", "beta==1.0");

        var without = await sandbox.SyncAsync([requirements, "-i", index, "--retries", "0"], environment);
        var with = await sandbox.SyncAsync([requirements, "-i", index, "--keyring-provider", "subprocess", "-vv"], environment);

        without.ExitCode.Should().Be(1, "the lone user name alone is refused: " + without);
        without.Stderr.Should().Contain("401");
        with.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        (with.Stdout + with.Stderr).Should().NotContain(Secret);
    }

    [Fact]
    public async Task Without_a_keyring_program_on_path_the_sync_warns_and_goes_on_with_the_url_alone()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        // A PATH of one empty folder: whatever the machine has, no keyring is found (dfi runs Python by the venv's path).
        var environment = new Dictionary<string, string?> { ["PATH"] = Directory.CreateDirectory(sandbox.Combine("empty-bin")).FullName };
        var index = new UriBuilder(server.IndexUrl) { UserName = "alice" }.Uri.AbsoluteUri;

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", "alpha==1.0"), "-i", index, "--keyring-provider", "subprocess"], environment);

        sync.ShouldSucceed();
        sync.Stderr.Should().Contain("there is no 'keyring' program on PATH");
    }
}
