using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class RequirementTests
{
    [Theory]
    // The PEP 508 "Test cases" list, with what each must parse to.
    [InlineData("A", "a", "", "", null, null)]
    [InlineData("A.B-C_D", "a-b-c-d", "", "", null, null)]
    [InlineData("aa", "aa", "", "", null, null)]
    [InlineData("name", "name", "", "", null, null)]
    [InlineData("name<=1", "name", "", "<=1", null, null)]
    [InlineData("name>=3", "name", "", ">=3", null, null)]
    [InlineData("name>=3,<2", "name", "", "<2,>=3", null, null)]
    [InlineData("name@http://foo.com", "name", "", "", "http://foo.com", null)]
    [InlineData("name [fred,bar] @ http://foo.com ; python_version=='2.7'", "name", "fred,bar", "", "http://foo.com", "python_version == \"2.7\"")]
    [InlineData("name[quux, strange];python_version<'2.7' and platform_version=='2'", "name", "quux,strange", "", null, "python_version < \"2.7\" and platform_version == \"2\"")]
    [InlineData("name; os_name=='a' or os_name=='b'", "name", "", "", null, "os_name == \"a\" or os_name == \"b\"")]
    [InlineData("name; os_name=='a' and os_name=='b' or os_name=='c'", "name", "", "", null, "os_name == \"a\" and os_name == \"b\" or os_name == \"c\"")]
    [InlineData("name; os_name=='a' and (os_name=='b' or os_name=='c')", "name", "", "", null, "os_name == \"a\" and (os_name == \"b\" or os_name == \"c\")")]
    [InlineData("name; os_name=='a' or os_name=='b' and os_name=='c'", "name", "", "", null, "os_name == \"a\" or os_name == \"b\" and os_name == \"c\"")]
    [InlineData("name; (os_name=='a' or os_name=='b') and os_name=='c'", "name", "", "", null, "(os_name == \"a\" or os_name == \"b\") and os_name == \"c\"")]
    // Further forms pip accepts.
    [InlineData("requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"", "requests", "security,tests", "==2.8.*,>=2.8.1", null, "python_version < \"2.7\"")]
    [InlineData("name (>=1.0, <2)", "name", "", "<2,>=1.0", null, null)]
    [InlineData("name(>=1.0)", "name", "", ">=1.0", null, null)]
    [InlineData("name[]", "name", "", "", null, null)]
    [InlineData("name[ ]", "name", "", "", null, null)]
    [InlineData("  name  ", "name", "", "", null, null)]
    [InlineData("name>=1.0;python_version<'3'", "name", "", ">=1.0", null, "python_version < \"3\"")]
    [InlineData("name >= 1.0 , < 2", "name", "", "<2,>=1.0", null, null)]
    [InlineData("name===1.0,<2", "name", "", "<2,===1.0", null, null)]
    [InlineData("name[Foo_Bar, foo.bar, Baz]", "name", "foo-bar,baz", "", null, null)]
    [InlineData("Django==4.2.7", "django", "", "==4.2.7", null, null)]
    [InlineData("zope.interface~=6.0", "zope-interface", "", "~=6.0", null, null)]
    public void PEP_508_examples_parse(string text, string name, string extras, string specifier, string? url, string? marker)
    {
        var requirement = Requirement.Parse(text);

        requirement.Name.Normalized.Should().Be(name);
        string.Join(',', requirement.Extras).Should().Be(extras);
        requirement.Specifier.ToString().Should().Be(specifier);
        requirement.Url?.ToString().TrimEnd('/').Should().Be(url);
        requirement.Marker?.ToString().Should().Be(marker);
        if (url is null)
        {
            requirement.Url.Should().BeNull();
        }
        if (marker is null)
        {
            requirement.Marker.Should().BeNull();
        }
    }

    [Fact]
    public void The_name_is_kept_as_written_beside_its_normalised_form()
    {
        var requirement = Requirement.Parse("Zope.Interface>=5");

        requirement.NameText.Should().Be("Zope.Interface");
        requirement.Name.Should().Be(PackageName.Parse("zope-interface"));
    }

    [Fact]
    public void Without_a_space_before_the_semicolon_the_marker_belongs_to_the_url()
    {
        // PEP 508: "name@url;marker" is a URL holding ";marker".
        var requirement = Requirement.Parse("name@http://foo.com/a;python_version<'3'");

        requirement.Marker.Should().BeNull();
        requirement.UrlText.Should().Be("http://foo.com/a;python_version<'3'");
    }

    [Theory]
    [InlineData("name @ https://example.com/pkgs/name-1.0-py3-none-any.whl#sha256=abc", "https")]
    [InlineData("name @ git+https://github.com/owner/name.git@v1.0#egg=name", "git+https")]
    [InlineData("name @ file:///abs/path/name-1.0.tar.gz", "file")]
    [InlineData("name @ file://localhost/abs/name.whl", "file")]
    [InlineData("name @ file:/abs/name.whl", "file")]
    public void Absolute_urls_are_accepted(string text, string scheme)
    {
        var requirement = Requirement.Parse(text);

        requirement.Url!.IsAbsoluteUri.Should().BeTrue();
        requirement.Url.Scheme.Should().Be(scheme);
        requirement.Specifier.IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("name @ file:./wheels/name-1.0-py3-none-any.whl", "./wheels/name-1.0-py3-none-any.whl")]
    [InlineData("name @ file:../name", "../name")]
    [InlineData("name @ file:name.whl", "name.whl")]
    public void Relative_file_urls_give_a_relative_uri(string text, string path)
    {
        var requirement = Requirement.Parse(text);

        requirement.Url!.IsAbsoluteUri.Should().BeFalse();
        requirement.Url.OriginalString.Should().Be(path);
    }

    [Theory]
    [InlineData("name @ foo.whl", 7)]
    [InlineData("name @ ./foo.whl", 7)]
    [InlineData("name @ http://", 7)]
    [InlineData("name @ file:", 7)]
    public void Urls_that_are_neither_absolute_nor_file_urls_are_refused(string text, int position)
    {
        var parse = () => Requirement.Parse(text);
        parse.Should().Throw<RequirementParseException>().Which.Position.Should().Be(position);
    }

    [Theory]
    [InlineData("", 0, "Expected a package name")]
    [InlineData("   ", 3, "Expected a package name")]
    [InlineData("-name", 0, "Expected a package name")]
    [InlineData("foo bar", 4, "Expected a version specifier, '[', '@' or ';' after 'foo'")]
    [InlineData("name-", 4, "Expected a version specifier, '[', '@' or ';' after 'name'")]
    [InlineData("name[", 5, "Expected an extra name")]
    [InlineData("name[bar", 8, "Expected ',' or ']' after the extra name")]
    [InlineData("name[bar,]", 9, "Expected an extra name")]
    [InlineData("name[bar baz]", 9, "Expected ',' or ']' after the extra 'bar'")]
    [InlineData("name>=1.0 bar", 10, "Expected ',' and another version specifier, or ';' after '>=1.0'")]
    [InlineData("name>=1.0,", 10, "Expected a version specifier after ','")]
    [InlineData("name (>=1.0", 11, "Expected a ',' and another version specifier, or ')' to close the list")]
    [InlineData("name>=1.0.*", 4, "Invalid version specifier '>=1.0.*'")]
    [InlineData("name=>1.0", 4, "Invalid version specifier '=>1.0'")]
    [InlineData("name==french", 4, "Invalid version specifier '==french'")]
    [InlineData("name @", 6, "Expected a URL after '@'")]
    [InlineData("name @ http://foo.com bar", 22, "Expected ';' and a marker, or the end, after the URL")]
    [InlineData("name;", 5, "Expected a marker (a variable or quoted string)")]
    [InlineData("name; foo == 'bar'", 6, "Unknown marker variable 'foo'")]
    [InlineData("name; os_name == 'a' or", 23, "Expected a marker variable or quoted string")]
    public void Errors_say_what_was_expected_and_where(string text, int position, string problem)
    {
        var parse = () => Requirement.Parse(text);

        var error = parse.Should().Throw<RequirementParseException>().Which;
        error.Position.Should().Be(position);
        error.Problem.Should().Be(problem);
        error.Message.Should().Be($"{problem} at position {position} in '{text}'.");
        error.Should().BeAssignableTo<FormatException>();
        Requirement.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("name", "name")]
    [InlineData("Name [Fred , bar]>=1 ,<2", "Name[fred,bar]<2,>=1")]
    [InlineData("name@http://foo.com", "name @ http://foo.com")]
    [InlineData("name [fred,bar] @ http://foo.com ; python_version=='2.7'", "name[fred,bar] @ http://foo.com ; python_version == \"2.7\"")]
    [InlineData("name (>=1.0) ; os.name=='posix'", "name>=1.0; os_name == \"posix\"")]
    public void Requirements_render_normalised_and_parse_back(string text, string rendered)
    {
        var requirement = Requirement.Parse(text);

        requirement.ToString().Should().Be(rendered);
        Requirement.Parse(rendered).ToString().Should().Be(rendered);
    }

    [Fact]
    public void A_requirement_applies_when_its_marker_holds_for_a_requested_extra()
    {
        var environment = new Dictionary<string, string> { ["python_version"] = "3.11", ["sys_platform"] = "linux" };

        Requirement.Parse("pysocks; extra == 'socks'").AppliesTo(environment).Should().BeFalse();
        Requirement.Parse("pysocks; extra == 'socks'").AppliesTo(environment, ["Socks"]).Should().BeTrue();
        Requirement.Parse("tomli; python_version < '3.11'").AppliesTo(environment).Should().BeFalse();
        Requirement.Parse("typing-extensions").AppliesTo(environment).Should().BeTrue();
    }

    [Fact]
    public void A_pinned_requirement_exposes_its_pin()
    {
        Requirement.Parse("attrs==23.1.0").Specifier.TryGetExactPin(out var version).Should().BeTrue();
        version.Should().Be(PackageVersion.Parse("23.1.0"));
    }
}
