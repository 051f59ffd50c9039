using Dataflow.Installer.Index;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

/// <summary><c>--keyring-provider subprocess</c> against a stand-in <c>keyring</c> program that logs what it is asked.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyringCliTests : IDisposable
{
    private const string Password = "p@ss:w/rd";
    private readonly TemporaryDirectory _folder = new();
    private readonly List<string> _warnings = [];

    public void Dispose() => _folder.Dispose();

    private string Log => _folder.Combine("asked.log");

    /// <summary>A keyring that knows <see cref="Password"/> for <paramref name="service"/> and user alice, and nothing else.</summary>
    private KeyringCli Keyring(string service)
    {
        var program = _folder.Combine("keyring");
        File.WriteAllText(program, $"""
            #!/bin/sh
            echo "$*" >> '{Log}'
            [ "$1" = get ] && [ "$2" = '{service}' ] && [ "$3" = alice ] && {"{"} echo '{Password}'; exit 0; {"}"}
            exit 1
            """.Replace("\r", ""));
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new KeyringCli(program, _warnings.Add);
    }

    private string[] Asked() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    private static string? BasicOf(Uri url) =>
        UrlCredentials.GetAuthorization(url) is { } header ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)) : null;

    [Fact]
    public async Task The_index_url_is_asked_first_and_each_question_once_per_run()
    {
        var keyring = Keyring("https://index.example/simple/");

        var first = await keyring.WithPasswordAsync(new Uri("https://alice@index.example/simple"), netrc: null, CancellationToken.None);
        var second = await keyring.WithPasswordAsync(new Uri("https://alice@index.example/simple/"), netrc: null, CancellationToken.None);

        BasicOf(first).Should().Be($"alice:{Password}");
        BasicOf(second).Should().Be($"alice:{Password}");
        Asked().Should().Equal("get https://index.example/simple/ alice");
    }

    [Fact]
    public async Task The_host_and_port_are_asked_when_the_index_url_is_not_known()
    {
        var keyring = Keyring("index.example:8443");

        var url = await keyring.WithPasswordAsync(new Uri("https://alice@index.example:8443/simple/"), netrc: null, CancellationToken.None);

        BasicOf(url).Should().Be($"alice:{Password}");
        Asked().Should().Equal("get https://index.example:8443/simple/ alice", "get index.example:8443 alice");
    }

    [Fact]
    public async Task Keyring_is_not_asked_when_the_url_has_a_password_or_no_user_or_netrc_knows_the_host()
    {
        var keyring = Keyring("https://index.example/simple/");
        var netrc = NetrcFile.Parse("machine netrc.example login bob password b0b");

        (await keyring.WithPasswordAsync(new Uri("https://alice:given@index.example/simple/"), null, CancellationToken.None)).UserInfo.Should().Be("alice:given");
        (await keyring.WithPasswordAsync(new Uri("https://index.example/simple/"), null, CancellationToken.None)).UserInfo.Should().BeEmpty();
        (await keyring.WithPasswordAsync(new Uri("https://alice@netrc.example/simple/"), netrc, CancellationToken.None)).UserInfo.Should().Be("alice");
        (await keyring.WithPasswordAsync(new Uri("file:///srv/wheels/"), null, CancellationToken.None)).IsFile.Should().BeTrue();

        Asked().Should().BeEmpty();
    }

    [Fact]
    public async Task A_keyring_without_an_answer_leaves_the_lone_user_name()
    {
        var keyring = Keyring("https://elsewhere.example/simple/");

        var url = await keyring.WithPasswordAsync(new Uri("https://alice@index.example/simple/"), null, CancellationToken.None);

        url.UserInfo.Should().Be("alice");
        Asked().Should().HaveCount(2);
        _warnings.Should().BeEmpty();
    }
}
