using Dataflow.Installer.Index;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Index;

public sealed class NetrcFileTests
{
    [Fact]
    public void A_machine_entry_gives_its_login_and_password()
    {
        var netrc = NetrcFile.Parse("machine pypi.example.com login alice password s3cret\n");

        netrc.Find("pypi.example.com").Should().Be(new NetrcCredentials("alice", "s3cret"));
    }

    [Fact]
    public void Entries_may_span_lines_and_hosts_match_without_regard_to_case()
    {
        var netrc = NetrcFile.Parse("machine Pypi.Example.COM\n\tlogin alice\n\tpassword s3cret\n\nmachine other.example.com login bob password x\n");

        netrc.Find("pypi.example.com").Should().Be(new NetrcCredentials("alice", "s3cret"));
        netrc.Find("other.example.com").Should().Be(new NetrcCredentials("bob", "x"));
    }

    [Fact]
    public void The_default_entry_serves_hosts_without_their_own()
    {
        var netrc = NetrcFile.Parse("machine a.example.com login a password 1\ndefault login anyone password 2\n");

        netrc.Find("b.example.com").Should().Be(new NetrcCredentials("anyone", "2"));
        netrc.Find("a.example.com").Should().Be(new NetrcCredentials("a", "1"));
    }

    [Fact]
    public void A_host_with_no_entry_and_no_default_has_no_credentials()
    {
        NetrcFile.Parse("machine a.example.com login a password 1").Find("b.example.com").Should().BeNull();
    }

    [Fact]
    public void Quoted_values_may_hold_spaces_and_escaped_quotes()
    {
        var netrc = NetrcFile.Parse("machine h login \"al ice\" password \"p \\\"w\\\" d\"\n");

        netrc.Find("h").Should().Be(new NetrcCredentials("al ice", "p \"w\" d"));
    }

    [Fact]
    public void Comment_lines_and_macros_are_skipped_but_a_password_may_hold_a_hash()
    {
        var netrc = NetrcFile.Parse("""
            # my credentials
            macdef init
            cd /pub
            machine evil login not password used

            machine h login alice password #pa#ss account acct
            """);

        netrc.Find("h").Should().Be(new NetrcCredentials("alice", "#pa#ss"));
        netrc.Find("evil").Should().BeNull("the macro's body runs to the first blank line");
    }

    [Fact]
    public void A_later_entry_for_the_same_machine_wins_as_in_pythons_reader()
    {
        NetrcFile.Parse("machine h login a password 1\nmachine h login b password 2\n").Find("h")
            .Should().Be(new NetrcCredentials("b", "2"));
    }

    [Fact]
    public void The_credentials_never_show_their_password_when_formatted()
    {
        new NetrcCredentials("alice", "s3cret").ToString().Should().NotContain("s3cret");
    }

    [Fact]
    public void The_file_named_by_NETRC_wins_over_the_one_in_home()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.Combine(".netrc"), "default login home password 1");
        File.WriteAllText(folder.Combine("other"), "default login variable password 2");

        NetrcFile.Load(folder.Combine("other"), folder.Path)!.Find("h")!.Login.Should().Be("variable");
        NetrcFile.Load(null, folder.Path)!.Find("h")!.Login.Should().Be("home");
        NetrcFile.Load("", folder.Combine("nowhere")).Should().BeNull();
    }

    [Fact]
    public void A_request_uses_netrc_only_when_the_url_has_no_credentials()
    {
        var netrc = NetrcFile.Parse("machine example.com login alice password s3cret");

        using var fromNetrc = UrlCredentials.CreateGetRequest(new Uri("https://example.com/simple/x/"), netrc);
        using var fromUrl = UrlCredentials.CreateGetRequest(new Uri("https://bob:pw@example.com/simple/x/"), netrc);
        using var otherHost = UrlCredentials.CreateGetRequest(new Uri("https://other.example.net/simple/x/"), netrc);

        fromNetrc.Headers.Authorization!.Parameter.Should().Be(Convert.ToBase64String("alice:s3cret"u8.ToArray()));
        fromUrl.Headers.Authorization!.Parameter.Should().Be(Convert.ToBase64String("bob:pw"u8.ToArray()));
        otherHost.Headers.Authorization.Should().BeNull();
    }

    [Fact]
    public void A_lone_user_name_in_the_url_gives_way_to_netrc_and_is_a_token_without_it_as_in_pip()
    {
        var netrc = NetrcFile.Parse("machine example.com login alice password s3cret");

        using var withNetrc = UrlCredentials.CreateGetRequest(new Uri("https://token@example.com/simple/x/"), netrc);
        using var withoutNetrc = UrlCredentials.CreateGetRequest(new Uri("https://token@other.example.net/simple/x/"), netrc);
        using var emptyPassword = UrlCredentials.CreateGetRequest(new Uri("https://bob:@example.com/simple/x/"), netrc);

        withNetrc.Headers.Authorization!.Parameter.Should().Be(Convert.ToBase64String("alice:s3cret"u8.ToArray()));
        withoutNetrc.Headers.Authorization!.Parameter.Should().Be(Convert.ToBase64String("token:"u8.ToArray()));
        emptyPassword.Headers.Authorization!.Parameter.Should().Be(Convert.ToBase64String("bob:"u8.ToArray()), "a user and an empty password are the URL's own");
    }
}
