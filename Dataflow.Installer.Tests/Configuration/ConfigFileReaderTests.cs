using Dataflow.Installer.Configuration;

namespace Dataflow.Installer.Tests.Configuration;

public sealed class ConfigFileReaderTests
{
    private const string FilePath = "/project/dfi.toml";

    private readonly List<string> _warnings = [];

    private IReadOnlyDictionary<string, ConfiguredOption> Parse(string verb, params string[] lines) =>
        ConfigFileReader.Parse(string.Join('\n', lines) + "\n", FilePath, OptionCatalog.Default.FindVerb(verb)!, OptionCatalog.Default, _warnings);

    private static IReadOnlyList<string> Arguments(IReadOnlyDictionary<string, ConfiguredOption> options) =>
        options.Values.SelectMany(option => option.Arguments).ToList();

    [Fact]
    public void Top_level_keys_serve_every_verb_that_has_the_option()
    {
        string[] file = ["index-url = \"http://a/simple/\"", "cache-dir = \"/srv/cache\""];

        Arguments(Parse("sync", file)).Should().BeEquivalentTo("--index-url=http://a/simple/", "--cache-dir=/srv/cache");
        Arguments(Parse("list", file)).Should().Equal("--cache-dir=/srv/cache");
        _warnings.Should().BeEmpty("index-url is an option, only not of dfi list");
    }

    [Fact]
    public void A_verb_table_wins_over_the_top_level_for_its_verb_only()
    {
        string[] file = ["concurrent-downloads = 8", "", "[sync]", "concurrent-downloads = 4"];

        Parse("sync", file)["concurrent-downloads"].Arguments.Should().Equal("--concurrent-downloads=4");
        Parse("warm", file)["concurrent-downloads"].Arguments.Should().Equal("--concurrent-downloads=8");
    }

    [Fact]
    public void A_dotted_key_names_a_verb_table_too()
    {
        Parse("batch", "batch.fail-fast = true")["fail-fast"].Arguments.Should().Equal("--fail-fast");
    }

    [Fact]
    public void Values_of_each_type_are_written_as_the_parser_reads_them()
    {
        var options = Parse(
            "sync",
            "extra-index-url = [\"http://a/simple/\", \"http://b/simple/\"]",
            "only-binary = \":all:\"",
            "no-cache = true",
            "reinstall = false",
            "link-mode = \"copy\"",
            "timeout = 2.5",
            "retries = 0",
            "verbose = 2");

        options["extra-index-url"].Arguments.Should().Equal("--extra-index-url=http://a/simple/", "--extra-index-url=http://b/simple/");
        options["only-binary"].Arguments.Should().Equal("--only-binary=:all:");
        options["no-cache"].Arguments.Should().Equal("--no-cache");
        options["reinstall"].Arguments.Should().BeEmpty();
        options["link-mode"].Arguments.Should().Equal("--link-mode=copy");
        options["timeout"].Arguments.Should().Equal("--timeout=2.5");
        options["retries"].Arguments.Should().Equal("--retries=0");
        options["verbose"].Arguments.Should().Equal("--verbose", "--verbose");
    }

    [Theory]
    [InlineData("concurrent-downloads = \"eight\"", "'concurrent-downloads' must be a whole number")]
    [InlineData("no-cache = \"yes\"", "'no-cache' must be true or false")]
    [InlineData("index-url = 3", "'index-url' must be a string")]
    [InlineData("extra-index-url = [1, 2]", "'extra-index-url' must be a string or a list of strings")]
    [InlineData("link-mode = \"teleport\"", "'link-mode' must be one of hardlink, copy, symlink")]
    public void A_value_of_the_wrong_type_is_an_error_naming_the_file_and_line(string line, string problem)
    {
        var parse = () => Parse("sync", "# dfi", "", line);

        parse.Should().Throw<ConfigurationException>().WithMessage($"{FilePath}:3: {problem}*");
    }

    [Fact]
    public void A_wrong_type_in_another_verbs_table_is_not_this_verbs_error()
    {
        Parse("sync", "[warm]", "wheelhouse = 3").Should().BeEmpty();
    }

    [Fact]
    public void A_syntax_error_names_the_file_and_line()
    {
        var parse = () => Parse("sync", "index-url = \"http://a/simple/\"", "no-cache = = true");

        parse.Should().Throw<ConfigurationException>().WithMessage($"{FilePath}:2: *");
    }

    [Fact]
    public void Unknown_keys_and_tables_are_warnings_naming_the_file_and_line()
    {
        var options = Parse("sync", "index-ulr = \"http://a/simple/\"", "[sync]", "wheelhouse = \"w\"", "[tool]", "x = 1", "[warm]", "dry-run = true");

        options.Should().BeEmpty();
        _warnings.Should().HaveCount(4);
        _warnings[0].Should().Contain($"{FilePath}:1").And.Contain("index-ulr");
        _warnings[1].Should().Contain($"{FilePath}:3").And.Contain("'wheelhouse' is not an option of dfi sync");
        _warnings[2].Should().Contain($"{FilePath}:4").And.Contain("[tool]");
        _warnings[3].Should().Contain($"{FilePath}:7").And.Contain("'dry-run' is not an option of dfi warm");
    }

    [Fact]
    public void An_array_of_verb_tables_is_an_error()
    {
        var parse = () => Parse("sync", "[[sync]]", "no-cache = true");

        parse.Should().Throw<ConfigurationException>().WithMessage($"{FilePath}:1: [[sync]] must be a single table*");
    }

    [Fact]
    public void Relative_paths_are_relative_to_the_file()
    {
        var options = Parse(
            "sync",
            "cache-dir = \"cache\"",
            "find-links = [\"wheels\", \"https://example.org/links.html\", \"/abs/wheels\"]",
            "build-constraints = \"../constraints.txt\"",
            "python = \".venv\"");

        options["cache-dir"].Arguments.Should().Equal("--cache-dir=/project/cache");
        options["find-links"].Arguments.Should().Equal("--find-links=/project/wheels", "--find-links=https://example.org/links.html", "--find-links=/abs/wheels");
        options["build-constraints"].Arguments.Should().Equal("--build-constraints=/constraints.txt");
        options["python"].Arguments.Should().Equal("--python=/project/.venv");
    }

    [Fact]
    public void An_interpreter_named_without_a_path_stays_a_name()
    {
        Parse("warm", "python = [\"python3.11\", \"./bin/python3.12\"]")["python"].Arguments
            .Should().Equal("--python=python3.11", "--python=/project/bin/python3.12");
    }

    [Fact]
    public void Options_that_are_not_paths_are_left_as_written()
    {
        Parse("sync", "index-url = \"simple\"")["index-url"].Arguments.Should().Equal("--index-url=simple");
    }
}
