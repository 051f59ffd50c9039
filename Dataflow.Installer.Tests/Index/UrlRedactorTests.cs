using System.Text;
using Dataflow.Installer.Index;

namespace Dataflow.Installer.Tests.Index;

public sealed class UrlRedactorTests
{
    [Theory]
    [InlineData("https://user:s3cret@example.com/simple/", "https://user:****@example.com/simple/")]
    [InlineData("https://__token__:pypi-AgEIcHlwaS5vcmc@example.com:8443/simple/?x=1", "https://__token__:****@example.com:8443/simple/?x=1")]
    [InlineData("https://ghp_abcdef@example.com/simple/", "https://****@example.com/simple/")]
    [InlineData("https://example.com/simple/", "https://example.com/simple/")]
    public void Passwords_and_lone_tokens_are_hidden(string url, string expected)
    {
        UrlRedactor.Redact(new Uri(url)).Should().Be(expected);
    }

    [Fact]
    public void Local_paths_are_left_alone()
    {
        UrlRedactor.Redact("/srv/wheels").Should().Be("/srv/wheels");
    }

    [Fact]
    public void Url_credentials_become_a_basic_header_and_leave_the_request_url()
    {
        using var request = UrlCredentials.CreateGetRequest(new Uri("https://us%40er:p%3Ass@example.com/simple/x/"));

        request.RequestUri!.UserInfo.Should().BeEmpty();
        request.Headers.Authorization!.Scheme.Should().Be("Basic");
        Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!)).Should().Be("us@er:p:ss");
    }

    [Fact]
    public void Files_on_the_index_host_inherit_its_credentials_and_others_do_not()
    {
        var index = new Uri("https://user:p%40ss@example.com/simple/x/");

        UrlCredentials.InheritFrom(index, new Uri("https://example.com/files/x-1.0.tar.gz")).UserInfo.Should().Be("user:p%40ss");
        UrlCredentials.InheritFrom(index, new Uri("https://cdn.example.net/files/x-1.0.tar.gz")).UserInfo.Should().BeEmpty();
        UrlCredentials.InheritFrom(index, new Uri("http://example.com/files/x-1.0.tar.gz")).UserInfo.Should().BeEmpty();
    }
}
