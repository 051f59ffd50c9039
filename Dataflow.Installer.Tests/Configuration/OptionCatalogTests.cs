using Dataflow.Installer.Commands;
using Dataflow.Installer.Configuration;

namespace Dataflow.Installer.Tests.Configuration;

public sealed class OptionCatalogTests
{
    private static VerbDescriptor Sync => OptionCatalog.Default.FindVerb("sync")!;

    [Fact]
    public void Every_verb_is_described()
    {
        OptionCatalog.Default.Verbs.Select(verb => verb.Name).Should().BeEquivalentTo(
            ["sync", "batch", "venv", "warm", "cache", "list", "freeze", "check", "show", "repair"]);
    }

    [Fact]
    public void A_verb_has_its_own_options_and_those_of_its_base_classes()
    {
        Sync.Find("python").Should().NotBeNull("SyncOptions declares it");
        Sync.Find("index-url").Should().NotBeNull("InstallOptions declares it");
        Sync.Find("quiet").Should().NotBeNull("GlobalOptions declares it");
        Sync.Find("wheelhouse").Should().BeNull("only warm has it");
    }

    [Fact]
    public void Options_are_sorted_by_how_they_take_values()
    {
        Sync.Find("no-cache")!.Kind.Should().Be(OptionKind.Switch);
        Sync.Find("verbose")!.Kind.Should().Be(OptionKind.Counter);
        Sync.Find("extra-index-url")!.Kind.Should().Be(OptionKind.Sequence);
        Sync.Find("index-url")!.Kind.Should().Be(OptionKind.Scalar);
        Sync.Find("concurrent-builds")!.ValueType.Should().Be(typeof(int), "int? is an int that may be left out");
        Sync.Find("link-mode")!.ValueType.Should().Be(typeof(Dataflow.Installer.Install.LinkMode));
        Sync.Find("timeout")!.ValueType.Should().Be(typeof(double));
    }

    [Fact]
    public void Short_names_are_found()
    {
        Sync.FindShort('i')!.LongName.Should().Be("index-url");
        Sync.FindShort('p')!.LongName.Should().Be("python");
        Sync.FindShort('C')!.LongName.Should().Be("config-settings");
    }

    [Theory]
    [InlineData("index-url", "DFI_INDEX_URL")]
    [InlineData("concurrent-downloads", "DFI_CONCURRENT_DOWNLOADS")]
    [InlineData("no-cache", "DFI_NO_CACHE")]
    [InlineData("cache-dir", "DFI_CACHE_DIR")]
    public void The_variable_of_an_option_is_its_long_name_in_upper_case_with_underscores(string longName, string variable)
    {
        Sync.Find(longName)!.VariableName.Should().Be(variable);
    }

    [Fact]
    public void A_class_of_the_tests_own_can_be_described()
    {
        var verb = OptionCatalog.Describe<CheckOptions>();

        verb.Name.Should().Be("check");
        verb.Options.Select(option => option.LongName).Should().BeEquivalentTo(["python", "cache-dir", "quiet", "verbose", "no-progress"]);
    }
}
