using Dataflow.Installer.Index;

namespace Dataflow.Installer.Tests.Index;

public sealed class SimpleJsonParserTests
{
    private const string Sha = "2b1a4f5ce5e4b7d9b0f8d1a5c6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";
    private const string Blake = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static readonly Uri PageUrl = new("https://example.com/simple/holygrail/");

    private static List<IndexFile> Parse(string json) => SimpleJsonParser.Parse(json, PageUrl, "https://example.com/simple/holygrail/");

    [Fact]
    public void The_PEP_691_JSON_example_gives_both_files()
    {
        var json = $$"""
            {
              "meta": {"api-version": "1.0"},
              "name": "holygrail",
              "files": [
                {
                  "filename": "holygrail-1.0.tar.gz",
                  "url": "https://example.com/files/holygrail-1.0.tar.gz",
                  "hashes": {"sha256": "{{Sha}}", "blake2b": "{{Blake.ToUpperInvariant()}}"},
                  "requires-python": ">=3.7",
                  "yanked": "Had a vulnerability"
                },
                {
                  "filename": "holygrail-1.0-py3-none-any.whl",
                  "url": "https://example.com/files/holygrail-1.0-py3-none-any.whl",
                  "hashes": {"sha256": "{{Sha}}", "blake2b": "{{Blake}}"},
                  "requires-python": ">=3.7",
                  "dist-info-metadata": true
                }
              ]
            }
            """;

        var files = Parse(json);

        files.Should().HaveCount(2);
        var sdist = files[0];
        sdist.Filename.Should().Be("holygrail-1.0.tar.gz");
        sdist.Url.Should().Be(new Uri("https://example.com/files/holygrail-1.0.tar.gz"));
        sdist.Hashes.Should().Equal(new Dictionary<string, string> { ["sha256"] = Sha, ["blake2b"] = Blake });
        sdist.RequiresPython.Should().Be(">=3.7");
        sdist.Yanked.Should().BeTrue();
        sdist.YankedReason.Should().Be("Had a vulnerability");
        sdist.HasCoreMetadata.Should().BeFalse();
        var wheel = files[1];
        wheel.Yanked.Should().BeFalse();
        wheel.HasCoreMetadata.Should().BeTrue();
        wheel.CoreMetadataHashes.Should().BeEmpty();
    }

    [Theory]
    [InlineData("true", true, null)]
    [InlineData("false", false, null)]
    [InlineData("\"\"", true, null)]
    [InlineData("\"broken build\"", true, "broken build")]
    public void Yanked_may_be_a_boolean_or_a_reason(string value, bool yanked, string? reason)
    {
        var files = Parse($$"""{"meta":{"api-version":"1.0"},"files":[{"filename":"x-1.0.tar.gz","url":"x-1.0.tar.gz","hashes":{},"yanked":{{value}}}]}""");

        files.Single().Yanked.Should().Be(yanked);
        files.Single().YankedReason.Should().Be(reason);
    }

    [Theory]
    [InlineData("\"core-metadata\": {\"sha256\": \"ABCD01\"}", true, "abcd01")]
    [InlineData("\"core-metadata\": true", true, null)]
    [InlineData("\"core-metadata\": false, \"dist-info-metadata\": true", false, null)]
    [InlineData("\"dist-info-metadata\": {\"sha256\": \"abcd01\"}", true, "abcd01")]
    [InlineData("\"hashes\": {}", false, null)]
    public void Core_metadata_follows_PEP_714_with_the_PEP_658_key_as_fallback(string members, bool available, string? sha256)
    {
        var files = Parse($$"""{"files":[{"filename":"x-1.0-py3-none-any.whl","url":"x-1.0-py3-none-any.whl",{{members}}}]}""");

        files.Single().HasCoreMetadata.Should().Be(available);
        files.Single().CoreMetadataHashes.GetValueOrDefault("sha256").Should().Be(sha256);
    }

    [Fact]
    public void Size_comes_from_PEP_700()
    {
        var files = Parse("""{"meta":{"api-version":"1.1"},"versions":["1.0"],"files":[{"filename":"x-1.0.tar.gz","url":"x-1.0.tar.gz","hashes":{},"size":123456789012}]}""");

        files.Single().Size.Should().Be(123456789012);
    }

    [Fact]
    public void Upload_time_comes_from_PEP_700_and_is_null_when_absent_or_unreadable()
    {
        var files = Parse("""
            {"meta":{"api-version":"1.1"},"files":[
              {"filename":"x-1.0.tar.gz","url":"x-1.0.tar.gz","hashes":{},"upload-time":"2024-03-01T12:34:56.789012Z"},
              {"filename":"x-1.1.tar.gz","url":"x-1.1.tar.gz","hashes":{}},
              {"filename":"x-1.2.tar.gz","url":"x-1.2.tar.gz","hashes":{},"upload-time":"last tuesday"}]}
            """);

        files[0].UploadTime.Should().Be(new DateTimeOffset(2024, 3, 1, 12, 34, 56, 789, TimeSpan.Zero).AddTicks(120));
        files[1].UploadTime.Should().BeNull();
        files[2].UploadTime.Should().BeNull();
    }

    [Fact]
    public void Relative_urls_resolve_against_the_page_and_a_fragment_hash_is_used_when_hashes_is_empty()
    {
        var files = Parse($$$"""{"files":[{"filename":"x-1.0.tar.gz","url":"../../files/x-1.0.tar.gz#sha256={{{Sha}}}","hashes":{}}]}""");

        files.Single().Url.Should().Be(new Uri("https://example.com/files/x-1.0.tar.gz"));
        files.Single().Hashes.Should().Equal(new Dictionary<string, string> { ["sha256"] = Sha });
    }

    [Fact]
    public void A_future_major_api_version_is_refused()
    {
        var act = () => Parse("""{"meta":{"api-version":"2.0"},"files":[]}""");

        act.Should().Throw<IndexException>().WithMessage("*2.0*");
    }

    [Fact]
    public void Invalid_json_is_an_index_error_naming_the_page()
    {
        var act = () => Parse("<html>not json</html>");

        act.Should().Throw<IndexException>().WithMessage("https://example.com/simple/holygrail/*");
    }

    [Fact]
    public void Files_without_a_url_are_skipped()
    {
        var files = Parse("""{"files":[{"filename":"x-1.0.tar.gz","hashes":{}},{"filename":"y-1.0.tar.gz","url":"y-1.0.tar.gz"}]}""");

        files.Select(file => file.Filename).Should().Equal("y-1.0.tar.gz");
    }
}
