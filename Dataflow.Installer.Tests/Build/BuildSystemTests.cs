using Dataflow.Installer.Build;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Build;

public sealed class BuildSystemTests : IDisposable
{
    private readonly TemporaryDirectory tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void The_PEP_518_example_table_is_read_and_gets_the_legacy_backend()
    {
        var system = Read("""
            [build-system]
            # Minimum requirements for the build system to execute.
            requires = ["setuptools", "wheel"]  # PEP 508 specifications.
            """);

        system.Requires.Should().Equal("setuptools", "wheel");
        // PEP 517: no build-backend means setuptools' legacy backend.
        system.BuildBackend.Should().Be("setuptools.build_meta:__legacy__");
        system.BackendPath.Should().BeEmpty();
    }

    [Fact]
    public void The_PEP_517_in_tree_backend_example_is_read()
    {
        Directory.CreateDirectory(tree.Combine("backend"));

        var system = Read("""
            [build-system]
            # Defined by PEP 518:
            requires = ["flit"]
            # Defined by this PEP:
            build-backend = "local_backend"
            backend-path = ["backend"]
            """);

        system.Should().BeEquivalentTo(new { Requires = new[] { "flit" }, BuildBackend = "local_backend", BackendPath = new[] { "backend" } });
        system.ResolveBackendPath(tree.Path).Should().Equal(tree.Combine("backend"));
    }

    [Fact]
    public void A_tree_without_pyproject_toml_gets_pips_setuptools_default()
    {
        var system = BuildSystem.Read(tree.Path);

        system.Should().Be(BuildSystem.Default);
        system.Requires.Should().Equal("setuptools>=40.8.0");
        system.BuildBackend.Should().Be("setuptools.build_meta:__legacy__");
    }

    [Fact]
    public void A_pyproject_toml_without_a_build_system_table_gets_the_default_even_when_other_tables_mention_one()
    {
        var system = Read("""
            [project]
            name = "tricky"
            description = '''
            [build-system]
            requires = ["not-this"]
            '''
            keywords = ["[build-system]", 'a "quoted" ] bracket']

            [tool.build-system]
            requires = 1
            """);

        system.Should().Be(BuildSystem.Default);
    }

    [Fact]
    public void Strings_in_both_quote_styles_escapes_comments_and_arrays_across_lines_are_read()
    {
        var system = Read(""""
            [tool.other]
            x = { a = [1, 2], b = "}" }

            [ "build-system" ]   # a quoted table name with spaces
            requires = [
                "setuptools \u003e= 40.8.0",   # an escape in a basic string
                'cython',                     # a literal string
                """
            numpy""",
                '''scipy''',                  # and a trailing comma
            ]
            build-backend = "my\u005Fbackend.api:Object"   # escapes may spell any character
            backend-path = ['.', "src\\..\\src"]

            [build-system.extra]
            requires = "ignored: a sub-table"
            """");

        system.Requires.Should().Equal("setuptools >= 40.8.0", "cython", "numpy", "scipy");
        system.BuildBackend.Should().Be("my_backend.api:Object");
        system.BackendModule.Should().Be("my_backend.api");
        system.BackendPath.Should().Equal(".", @"src\..\src");
    }

    [Fact]
    public void Dotted_keys_and_inline_tables_define_the_table_too()
    {
        Read("""
            build-system.requires = ["hatchling"]
            build-system.build-backend = 'hatchling.build'
            """).Should().BeEquivalentTo(new { Requires = new[] { "hatchling" }, BuildBackend = "hatchling.build" });

        Read("""build-system = { requires = ["flit_core >=3.2,<4"], build-backend = "flit_core.buildapi" }""")
            .Should().BeEquivalentTo(new { Requires = new[] { "flit_core >=3.2,<4" }, BuildBackend = "flit_core.buildapi" });
    }

    [Theory]
    [InlineData("[build-system]\nrequires = [\"setuptools\"\nbuild-backend = \"x\"", "line 3")]
    [InlineData("[build-system]\nrequires = [\"setuptools]", "line 2: Unexpected token `<eof>`")]
    [InlineData("[build-system]\nrequires = [\"a\\qb\"]", "line 2: Unexpected escape character [q]")]
    [InlineData("[build-system]\nrequires = []\nrequires = []", "line 3: The key `build-system.requires` is already defined")]
    [InlineData("[build-system]\nrequires = []\n[build-system]\nbuild-backend = \"x\"", "line 3: The key `build-system` is already defined")]
    [InlineData("[build-system]\nrequires =", "line 2: Unexpected token `<eof>` for a value")]
    [InlineData("[build-system]\nrequires = [] build-backend = \"x\"", "line 2: Unexpected token found `build`")]
    [InlineData("[build-system\nrequires = []", "line 1: Unexpected token found")]
    [InlineData("[build-system]\nrequires = [\"\"\"never closed]", "line 2: Unexpected token `<eof>`")]
    [InlineData("[build-system]\nrequires = [\"\\uD800\"]", "line 2: Invalid Unicode scalar value")]
    public void Invalid_TOML_is_a_build_error_naming_the_file_and_line(string toml, string expected)
    {
        var act = () => Read(toml);

        act.Should().Throw<BuildException>()
            .Which.Message.Should().Contain(Path.Combine(tree.Path, "pyproject.toml")).And.Contain("not valid TOML").And.Contain(expected);
    }

    [Theory]
    [InlineData("[build-system]\nbuild-backend = \"x\"", "no 'requires'")]
    [InlineData("[build-system]\nrequires = \"setuptools\"", "'requires' must be a list of strings")]
    [InlineData("[build-system]\nrequires = [\"setuptools\", 40]", "'requires' must be a list of strings")]
    [InlineData("[build-system]\nrequires = [\"setuptools >=\"]", "not a valid PEP 508 requirement")]
    [InlineData("[build-system]\nrequires = []\nbuild-backend = [\"x\"]", "'build-backend' must be a string")]
    [InlineData("[build-system]\nrequires = []\nbuild-backend = \"not a module\"", "is not of the form")]
    [InlineData("[build-system]\nrequires = []\nbackend-path = \"src\"", "'backend-path' must be a list of strings")]
    [InlineData("build-system = 1", "must be a table")]
    public void A_build_system_table_that_breaks_PEP_517_or_518_is_a_build_error(string toml, string expected)
    {
        var act = () => Read(toml);

        act.Should().Throw<BuildException>().Which.Message.Should().Contain(expected);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../elsewhere")]
    [InlineData("src/../../elsewhere")]
    [InlineData("/usr/lib/python3")]
    public void A_backend_path_outside_the_source_tree_is_refused(string entry)
    {
        var act = () => Read($"[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = ['{entry}']");

        act.Should().Throw<BuildException>().Which.Message.Should().Contain($"backend-path '{entry}' points outside the source tree");
    }

    [Fact]
    public void A_backend_path_that_leaves_the_tree_through_a_symbolic_link_is_refused()
    {
        using var outside = new TemporaryDirectory();
        Directory.CreateSymbolicLink(tree.Combine("linked"), outside.Path);

        var act = () => Read("[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = ['linked/backend']");

        act.Should().Throw<BuildException>().Which.Message.Should().Contain("outside the source tree");
    }

    [Fact]
    public void A_backend_path_through_a_symbolic_link_that_stays_in_the_tree_is_accepted()
    {
        Directory.CreateDirectory(tree.Combine("real"));
        Directory.CreateSymbolicLink(tree.Combine("alias"), tree.Combine("real"));

        Read("[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = ['alias', 'real/../real', '.']").BackendPath
            .Should().Equal("alias", "real/../real", ".");
    }

    private BuildSystem Read(string toml)
    {
        File.WriteAllText(tree.Combine("pyproject.toml"), toml);
        return BuildSystem.Read(tree.Path);
    }
}
