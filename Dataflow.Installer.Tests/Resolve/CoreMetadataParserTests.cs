using Dataflow.Installer.Resolve;

namespace Dataflow.Installer.Tests.Resolve;

public sealed class CoreMetadataParserTests
{
    // Shaped like hatchling's and requests' METADATA: a folded Description, a Requires-Dist folded over
    // two lines, extras with markers, and a body that mentions header-like text.
    private const string Metadata = """
        Metadata-Version: 2.3
        Name: Requests_Toolbelt
        Version: 1.0.0
        Summary: A utility belt for advanced users of python-requests
        Description: line one
                |line two
        requires-python: >=3.8
        License-Expression: Apache-2.0
        Requires-Dist: charset-normalizer<4,>=2
        Requires-Dist: idna<4,>=2.5
        Requires-Dist: urllib3<3,>=1.21.1;
         python_version >= "3.8"
        REQUIRES-DIST: PySocks!=1.5.7,>=1.5.6; extra == "socks"
        Requires-Dist: chardet<6,>=3.0.2; extra == "use-chardet-on-py3"
        Provides-Extra: socks
        Provides-Extra: use_chardet_on_py3
        Dynamic: license-file
        Description-Content-Type: text/markdown

        # Requests Toolbelt
        Requires-Dist: not-a-header-in-the-body
        """;

    [Fact]
    public void Fields_are_read_case_insensitively_with_continuation_lines_and_multiple_uses()
    {
        var metadata = CoreMetadataParser.Parse(Metadata, "requests_toolbelt-1.0.0.dist-info/METADATA");

        metadata.MetadataVersion.Should().Be("2.3");
        metadata.Name.Normalized.Should().Be("requests-toolbelt");
        metadata.Version.ToString().Should().Be("1.0.0");
        metadata.RequiresPython.Should().Be(">=3.8");
        metadata.RequiresDist.Select(requirement => requirement.ToString()).Should().Equal(
            "charset-normalizer<4,>=2",
            "idna<4,>=2.5",
            "urllib3<3,>=1.21.1; python_version >= \"3.8\"",
            "PySocks!=1.5.7,>=1.5.6; extra == \"socks\"",
            "chardet<6,>=3.0.2; extra == \"use-chardet-on-py3\"");
        metadata.ProvidesExtra.Should().Equal("socks", "use_chardet_on_py3");
        metadata.Dynamic.Should().Equal("license-file");
    }

    [Fact]
    public void The_body_after_the_first_blank_line_is_ignored()
    {
        var metadata = CoreMetadataParser.Parse(Metadata, "METADATA");

        metadata.RequiresDist.Should().NotContain(requirement => requirement.Name.Normalized == "not-a-header-in-the-body");
    }

    [Fact]
    public void Metadata_without_optional_fields_has_empty_lists()
    {
        var metadata = CoreMetadataParser.Parse("Metadata-Version: 1.0\r\nName: tiny\r\nVersion: 0.1\r\n", "PKG-INFO");

        metadata.RequiresPython.Should().BeNull();
        metadata.RequiresDist.Should().BeEmpty();
        metadata.ProvidesExtra.Should().BeEmpty();
        metadata.Dynamic.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Metadata-Version: 2.1\nVersion: 1.0\n", "Name")]
    [InlineData("Metadata-Version: 2.1\nName: demo\n", "Version")]
    [InlineData("Metadata-Version: 2.1\nName: demo\nVersion: not.a.version!\n", "Version")]
    [InlineData("Metadata-Version: 2.1\nVersion: 1.0\n\nName: body-does-not-count\n", "Name")]
    public void A_missing_or_invalid_name_or_version_is_an_error_naming_the_source_and_the_field(string text, string field)
    {
        var act = () => CoreMetadataParser.Parse(text, "demo-1.0.dist-info/METADATA");

        act.Should().Throw<CoreMetadataException>()
            .Which.Message.Should().StartWith("demo-1.0.dist-info/METADATA:").And.Contain(field);
    }

    [Fact]
    public void A_bad_requires_dist_is_an_error_naming_the_source_the_field_and_the_line()
    {
        var act = () => CoreMetadataParser.Parse("Name: demo\nVersion: 1.0\nRequires-Dist: foo >= \n", "https://example.org/demo-1.0-py3-none-any.whl.metadata");

        act.Should().Throw<CoreMetadataException>()
            .Which.Message.Should().StartWith("https://example.org/demo-1.0-py3-none-any.whl.metadata:")
            .And.Contain("Requires-Dist").And.Contain("foo >=");
    }
}
