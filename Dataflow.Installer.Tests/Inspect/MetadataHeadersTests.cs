using Dataflow.Installer.Inspect;

namespace Dataflow.Installer.Tests.Inspect;

public sealed class MetadataHeadersTests
{
    [Fact]
    public void A_folded_header_keeps_its_line_breaks_without_the_common_indentation()
    {
        var headers = MetadataHeaders.Parse("Name: a\nLicense: MIT License\n        Copyright (c) someone\n        \n        Permission is granted\nVersion: 1\n");

        headers.Get("License").Should().Be("MIT License\nCopyright (c) someone\n\nPermission is granted");
        headers.Get("Version").Should().Be("1");
    }

    [Fact]
    public void Continuation_lines_indented_less_than_eight_keep_the_difference_on_the_first_line()
    {
        // importlib.metadata dedents "        " + value, so a 4-space fold leaves 4 spaces before the first line.
        MetadataHeaders.Parse("License: one\n    two\n").Get("License").Should().Be("    one\ntwo");
    }

    [Fact]
    public void Repeated_headers_are_all_kept_in_order_and_names_are_case_insensitive()
    {
        var headers = MetadataHeaders.Parse("Requires-Dist: b\nrequires-dist: a>=1\nSummary: first\nSummary: second\n");

        headers.GetAll("Requires-Dist").Should().Equal("b", "a>=1");
        headers.Get("summary").Should().Be("first");
        headers.Get("Author").Should().BeNull();
    }

    [Fact]
    public void The_body_after_the_blank_line_is_not_read_as_headers()
    {
        var headers = MetadataHeaders.Parse("Name: a\n\nAuthor: not a header, the description\n");

        headers.Get("Author").Should().BeNull();
    }
}
