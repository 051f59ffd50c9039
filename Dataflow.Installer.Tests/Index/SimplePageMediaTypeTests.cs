using Dataflow.Installer.Index;

namespace Dataflow.Installer.Tests.Index;

public sealed class SimplePageMediaTypeTests
{
    private static readonly Uri PageUrl = new("https://example.com/simple/x/");
    private const string Html = """<a href="x-1.0.tar.gz" data-yanked="html">x-1.0.tar.gz</a>""";
    private const string Json = """{"meta":{"api-version":"1.0"},"files":[{"filename":"x-1.0.tar.gz","url":"x-1.0.tar.gz","hashes":{},"yanked":"json"}]}""";

    [Theory]
    [InlineData("text/html", Html, "html")]
    [InlineData("application/vnd.pypi.simple.v1+html", Html, "html")]
    [InlineData(null, Html, "html")]
    [InlineData("application/vnd.pypi.simple.v1+json", Json, "json")]
    [InlineData("Application/Vnd.PyPI.Simple.V1+JSON", Json, "json")]
    public void The_parser_is_chosen_by_the_PEP_691_media_type(string? mediaType, string body, string reason)
    {
        var files = SimpleIndexClient.Parse(new FetchedPage(PageUrl, mediaType, body), PageUrl.AbsoluteUri);

        files.Single().YankedReason.Should().Be(reason);
    }

    [Fact]
    public void An_unknown_media_type_is_an_index_error()
    {
        var act = () => SimpleIndexClient.Parse(new FetchedPage(PageUrl, "application/octet-stream", "x"), PageUrl.AbsoluteUri);

        act.Should().Throw<IndexException>().WithMessage("*application/octet-stream*");
    }

    [Theory]
    [InlineData("https://example.com/simple", "https://example.com/simple/zope-interface/")]
    [InlineData("https://example.com/simple/", "https://example.com/simple/zope-interface/")]
    [InlineData("https://example.com/simple//", "https://example.com/simple/zope-interface/")]
    [InlineData("https://u:p@example.com/simple/", "https://u:p@example.com/simple/zope-interface/")]
    public void The_project_page_url_has_a_single_slash_and_the_normalised_name(string indexUrl, string expected)
    {
        SimpleIndexClient.ProjectPageUrl(new Uri(indexUrl), Dataflow.Installer.Standards.PackageName.Parse("Zope.Interface"))
            .AbsoluteUri.Should().Be(expected);
    }
}
