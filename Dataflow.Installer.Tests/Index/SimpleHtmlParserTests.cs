using Dataflow.Installer.Index;

namespace Dataflow.Installer.Tests.Index;

public sealed class SimpleHtmlParserTests
{
    private const string Sha = "2b1a4f5ce5e4b7d9b0f8d1a5c6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";
    private static readonly Uri PageUrl = new("https://example.com/simple/holygrail/");

    private static List<IndexFile> Parse(string html, Uri? pageUrl = null) =>
        SimpleHtmlParser.Parse(html, pageUrl ?? PageUrl, "https://example.com/simple/holygrail/");

    [Fact]
    public void The_PEP_691_HTML_example_gives_both_files_with_their_hashes()
    {
        var html = $"""
            <!DOCTYPE html>
            <html>
              <head>
                <meta name="pypi:repository-version" content="1.0">
                <title>Links for holygrail</title>
              </head>
              <body>
                <h1>Links for holygrail</h1>
                <a href="https://example.com/files/holygrail-1.0.tar.gz#sha256={Sha}">holygrail-1.0.tar.gz</a>
                <a href="https://example.com/files/holygrail-1.0-py3-none-any.whl#sha256={Sha.ToUpperInvariant()}">holygrail-1.0-py3-none-any.whl</a>
              </body>
            </html>
            """;

        var files = Parse(html);

        files.Select(file => file.Filename).Should().Equal("holygrail-1.0.tar.gz", "holygrail-1.0-py3-none-any.whl");
        files[0].Url.Should().Be(new Uri("https://example.com/files/holygrail-1.0.tar.gz"));
        files[0].Url.Fragment.Should().BeEmpty();
        files[0].Hashes.Should().Equal(new Dictionary<string, string> { ["sha256"] = Sha });
        files[1].Hashes["sha256"].Should().Be(Sha, "digests are lowercased");
        files.Should().AllSatisfy(file =>
        {
            file.Yanked.Should().BeFalse();
            file.RequiresPython.Should().BeNull();
            file.HasCoreMetadata.Should().BeFalse();
            file.Size.Should().BeNull();
            file.Origin.Should().Be("https://example.com/simple/holygrail/");
        });
    }

    [Fact]
    public void Requires_python_is_HTML_unescaped()
    {
        var files = Parse("""<a href="x-1.0.tar.gz" data-requires-python="&gt;=3.8,&lt;4,!=3.9.*">x-1.0.tar.gz</a>""");

        files.Single().RequiresPython.Should().Be(">=3.8,<4,!=3.9.*");
    }

    [Fact]
    public void Data_yanked_without_a_value_means_yanked_without_a_reason()
    {
        var files = Parse("""
            <a href="x-1.0.tar.gz" data-yanked>x-1.0.tar.gz</a>
            <a href="x-1.1.tar.gz" data-yanked="">x-1.1.tar.gz</a>
            <a href="x-1.2.tar.gz">x-1.2.tar.gz</a>
            """);

        files.Select(file => (file.Yanked, file.YankedReason)).Should().Equal((true, null), (true, null), (false, null));
    }

    [Fact]
    public void Data_yanked_with_a_value_gives_the_PEP_592_reason()
    {
        var files = Parse("""<a href="x-1.0.tar.gz" data-yanked="Had a vulnerability &amp; a bug">x-1.0.tar.gz</a>""");

        files.Single().Yanked.Should().BeTrue();
        files.Single().YankedReason.Should().Be("Had a vulnerability & a bug");
    }

    [Theory]
    [InlineData("holygrail-1.0.tar.gz", "https://example.com/simple/holygrail/holygrail-1.0.tar.gz")]
    [InlineData("../../files/holygrail-1.0.tar.gz", "https://example.com/files/holygrail-1.0.tar.gz")]
    [InlineData("/packages/ab/cd/holygrail-1.0.tar.gz", "https://example.com/packages/ab/cd/holygrail-1.0.tar.gz")]
    [InlineData("//mirror.example.org/holygrail-1.0.tar.gz", "https://mirror.example.org/holygrail-1.0.tar.gz")]
    public void Relative_links_resolve_against_the_page_url(string href, string expected)
    {
        var files = Parse($"""<a href="{href}">holygrail-1.0.tar.gz</a>""");

        files.Single().Url.Should().Be(new Uri(expected));
    }

    [Fact]
    public void A_base_href_sets_the_base_for_relative_links_even_after_the_first_anchor()
    {
        var html = """
            <html><head><title>x</title></head><body>
            <a href="holygrail-1.0.tar.gz">holygrail-1.0.tar.gz</a>
            <base href="https://files.example.net/pkgs/">
            <a href="sub/holygrail-1.1.tar.gz">holygrail-1.1.tar.gz</a>
            </body></html>
            """;

        var files = Parse(html);

        files.Select(file => file.Url.AbsoluteUri).Should().Equal(
            "https://files.example.net/pkgs/holygrail-1.0.tar.gz",
            "https://files.example.net/pkgs/sub/holygrail-1.1.tar.gz");
    }

    [Fact]
    public void A_relative_base_href_resolves_against_the_page_url()
    {
        var files = Parse("""<base href="../../files/"><a href="holygrail-1.0.tar.gz">x</a>""");

        files.Single().Url.Should().Be(new Uri("https://example.com/files/holygrail-1.0.tar.gz"));
    }

    [Fact]
    public void Attributes_may_come_in_any_order_and_quoting_style()
    {
        var files = Parse($"""
            <A data-requires-python='&gt;=3.7' HREF=holygrail-1.0-py3-none-any.whl#sha256={Sha} data-yanked = "old" >holygrail-1.0-py3-none-any.whl</A>
            """);

        var file = files.Single();
        file.Filename.Should().Be("holygrail-1.0-py3-none-any.whl");
        file.Hashes["sha256"].Should().Be(Sha);
        file.RequiresPython.Should().Be(">=3.7");
        file.YankedReason.Should().Be("old");
    }

    [Fact]
    public void Entities_in_href_are_decoded_and_percent_escapes_give_the_filename()
    {
        var files = Parse("""<a href="/dl/holygrail-1.0%2Blocal-py3-none-any.whl?a=1&amp;b=2">holygrail</a>""");

        var file = files.Single();
        file.Url.Query.Should().Be("?a=1&b=2");
        file.Filename.Should().Be("holygrail-1.0+local-py3-none-any.whl");
    }

    [Fact]
    public void A_fragment_that_is_not_a_hash_is_dropped_without_hashes()
    {
        var files = Parse("""<a href="holygrail-1.0.tar.gz#egg=holygrail">holygrail-1.0.tar.gz</a>""");

        files.Single().Hashes.Should().BeEmpty();
        files.Single().Url.Fragment.Should().BeEmpty();
    }

    [Theory]
    [InlineData("data-core-metadata=\"true\"", true, null)]
    [InlineData("data-core-metadata=\"sha256=ABCDEF0123\"", true, "abcdef0123")]
    [InlineData("data-dist-info-metadata=\"true\"", true, null)]
    [InlineData("data-dist-info-metadata=\"sha256=abcdef0123\"", true, "abcdef0123")]
    [InlineData("data-core-metadata=\"sha256=abcdef0123\" data-dist-info-metadata=\"sha256=99\"", true, "abcdef0123")]
    [InlineData("data-core-metadata=\"false\"", false, null)]
    [InlineData("", false, null)]
    public void Core_metadata_is_read_from_the_PEP_714_attribute_or_the_PEP_658_one(string attributes, bool available, string? sha256)
    {
        var files = Parse($"""<a href="holygrail-1.0-py3-none-any.whl" {attributes}>x</a>""");

        files.Single().HasCoreMetadata.Should().Be(available);
        files.Single().CoreMetadataHashes.GetValueOrDefault("sha256").Should().Be(sha256);
    }

    [Fact]
    public void Comments_anchors_without_href_and_links_to_folders_are_skipped()
    {
        var files = Parse("""
            <!-- <a href="hidden-1.0.tar.gz">hidden</a> -->
            <a name="top">top</a>
            <a href="../">parent</a>
            <a href="kept-1.0.tar.gz">kept-1.0.tar.gz</a>
            """);

        files.Select(file => file.Filename).Should().Equal("kept-1.0.tar.gz");
    }

    [Fact]
    public void A_greater_than_sign_inside_a_quoted_attribute_does_not_end_the_tag()
    {
        var files = Parse("""<div title="a > b"><a title="x > y" href="x-1.0.tar.gz" data-requires-python=">=3.8">x</a></div>""");

        files.Single().RequiresPython.Should().Be(">=3.8");
    }

    [Fact]
    public void An_unclosed_quote_at_the_end_of_a_huge_page_keeps_the_anchors_before_it()
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            builder.Append($"<a href=\"p-{i}.0.tar.gz#sha256={Sha}\" data-requires-python=\"&gt;=3.8\">p-{i}.0.tar.gz</a><br/>\n");
        }
        builder.Append("<a href=\"broken-1.0.tar.gz");

        var files = Parse(builder.ToString());

        files.Should().HaveCount(50_001);
        files[49_999].Filename.Should().Be("p-49999.0.tar.gz");
    }
}
