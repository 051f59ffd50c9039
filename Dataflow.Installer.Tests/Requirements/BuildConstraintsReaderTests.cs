using Dataflow.Installer.Requirements;

namespace Dataflow.Installer.Tests.Requirements;

public sealed class BuildConstraintsReaderTests : IDisposable
{
    private readonly RequirementsFolder _folder = new();

    public void Dispose() => Directory.Delete(_folder.Root, recursive: true);

    private string Write(string content) => _folder.Write("build-constraints.txt", content);

    private RequirementsFileException Fail(string content)
    {
        var path = Write(content);
        return FluentActions.Invoking(() => BuildConstraintsReader.Read(path)).Should().Throw<RequirementsFileException>().Which;
    }

    [Fact]
    public void Comments_and_blank_lines_are_skipped_and_each_other_line_is_a_requirement()
    {
        var path = Write("# the fleet's build pins\n\nsetuptools==68.2.2  # newest that builds our C code\n   \nwheel<0.42 ; python_version >= \"3.8\"\n");

        var constraints = BuildConstraintsReader.Read(path);

        constraints.Select(requirement => requirement.ToString()).Should().Equal("setuptools==68.2.2", "wheel<0.42; python_version >= \"3.8\"");
        constraints[1].Marker.Should().NotBeNull();
    }

    [Fact]
    public void A_hash_that_does_not_follow_whitespace_is_not_a_comment()
    {
        // pip's rule: '#' starts a comment only at the line start or after whitespace.
        var error = Fail("setuptools==68.2.2#pinned\n");

        error.Location.Line.Should().Be(1);
    }

    [Fact]
    public void An_empty_file_has_no_constraints()
    {
        BuildConstraintsReader.Read(Write("")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("-c other.txt")]
    [InlineData("--index-url https://example.org/simple/")]
    [InlineData("-e .")]
    public void An_option_line_is_an_error_naming_the_file_and_line(string option)
    {
        var error = Fail($"# pins\nsetuptools==68.2.2\n{option}\n");

        error.Location.Line.Should().Be(3);
        error.Message.Should().StartWith($"{_folder.Full("build-constraints.txt")}:3: ").And.Contain("no options").And.Contain(option);
    }

    [Fact]
    public void A_direct_url_requirement_is_an_error()
    {
        var error = Fail("setuptools @ https://files.example/setuptools-68.2.2-py3-none-any.whl\n");

        error.Location.Line.Should().Be(1);
        error.Problem.Should().Contain("cannot be a URL");
    }

    [Fact]
    public void A_bare_url_is_an_error()
    {
        var error = Fail("\nhttps://files.example/setuptools-68.2.2-py3-none-any.whl\n");

        error.Location.Line.Should().Be(2);
        error.Problem.Should().Contain("not a valid PEP 508 requirement");
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var missing = _folder.Full("nowhere.txt");

        var error = FluentActions.Invoking(() => BuildConstraintsReader.Read(missing)).Should().Throw<RequirementsFileException>().Which;

        error.Message.Should().StartWith(missing + ": cannot read the build constraints file");
    }
}
