using Dataflow.Installer.Configuration;

namespace Dataflow.Installer.Tests.Configuration;

public sealed class EnvironmentConfigurationTests
{
    private readonly List<string> _warnings = [];

    private IReadOnlyDictionary<string, ConfiguredOption> Read(string verb, params (string Name, string Value)[] variables) =>
        EnvironmentConfiguration.Read(
            variables.ToDictionary(variable => variable.Name, variable => variable.Value),
            OptionCatalog.Default.FindVerb(verb)!,
            OptionCatalog.Default,
            _warnings);

    [Fact]
    public void A_variable_becomes_its_option_with_the_value_joined()
    {
        var options = Read("sync", ("DFI_INDEX_URL", "http://127.0.0.1:8080/simple/"), ("DFI_CONCURRENT_DOWNLOADS", "8"));

        options["index-url"].Arguments.Should().Equal("--index-url=http://127.0.0.1:8080/simple/");
        options["index-url"].Origin.Should().Contain("DFI_INDEX_URL");
        options["concurrent-downloads"].Arguments.Should().Equal("--concurrent-downloads=8");
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public void DFI_CACHE_DIR_is_the_cache_dir_option()
    {
        Read("sync", ("DFI_CACHE_DIR", "/srv/cache"))["cache-dir"].Arguments.Should().Equal("--cache-dir=/srv/cache");
        Read("cache", ("DFI_CACHE_DIR", "/srv/cache"))["cache-dir"].Arguments.Should().Equal("--cache-dir=/srv/cache");
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("Off", false)]
    public void A_switch_is_on_or_off(string value, bool on)
    {
        var option = Read("sync", ("DFI_NO_CACHE", value))["no-cache"];

        option.Arguments.Should().Equal(on ? ["--no-cache"] : []);
    }

    [Fact]
    public void A_switch_with_another_value_is_an_error_naming_the_variable()
    {
        var read = () => Read("sync", ("DFI_NO_CACHE", "maybe"));

        read.Should().Throw<ConfigurationException>().WithMessage("*DFI_NO_CACHE=maybe*");
    }

    [Theory]
    [InlineData("DFI_CONCURRENT_DOWNLOADS", "many")]
    [InlineData("DFI_TIMEOUT", "soon")]
    [InlineData("DFI_LINK_MODE", "teleport")]
    public void A_value_of_the_wrong_type_is_an_error_naming_the_variable(string name, string value)
    {
        var read = () => Read("sync", (name, value));

        read.Should().Throw<ConfigurationException>().WithMessage($"{name}={value}: expected *");
    }

    [Fact]
    public void A_sequence_is_split_on_whitespace()
    {
        var option = Read("sync", ("DFI_EXTRA_INDEX_URL", " http://a/simple/ \n http://b/simple/"))["extra-index-url"];

        option.Arguments.Should().Equal("--extra-index-url=http://a/simple/", "--extra-index-url=http://b/simple/");
    }

    [Fact]
    public void A_count_repeats_the_flag()
    {
        Read("sync", ("DFI_VERBOSE", "2"))["verbose"].Arguments.Should().Equal("--verbose", "--verbose");
    }

    [Fact]
    public void An_empty_variable_counts_as_unset()
    {
        Read("sync", ("DFI_INDEX_URL", "")).Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_variable_that_looks_like_an_option_is_a_warning_naming_it()
    {
        var options = Read("sync", ("DFI_INDEX_ULR", "http://a/simple/"));

        options.Should().BeEmpty();
        _warnings.Should().ContainSingle().Which.Should().Contain("DFI_INDEX_ULR");
    }

    [Fact]
    public void A_variable_of_another_verbs_option_is_ignored_quietly()
    {
        Read("sync", ("DFI_WHEELHOUSE", "/srv/wheels")).Should().BeEmpty();
        _warnings.Should().BeEmpty("DFI_WHEELHOUSE serves dfi warm");
    }

    [Fact]
    public void Variables_dfi_reads_for_other_purposes_are_not_warned_about()
    {
        Read("sync", ("DFI_CONFIG_FILE", "/etc/dfi.toml"), ("DFI_NO_CONFIG", "1"), ("DFI_TEST_PAUSE_BEFORE_COMMIT", "/tmp/fifo"), ("PIP_INDEX_URL", "x"))
            .Should().BeEmpty();
        _warnings.Should().BeEmpty();
    }
}
