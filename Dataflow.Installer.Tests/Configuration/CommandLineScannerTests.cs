using Dataflow.Installer.Configuration;

namespace Dataflow.Installer.Tests.Configuration;

public sealed class CommandLineScannerTests
{
    private static IReadOnlySet<string> Present(params string[] arguments) =>
        CommandLineScanner.PresentOptions(arguments, OptionCatalog.Default.FindVerb(arguments[0])!);

    [Fact]
    public void Long_options_are_found_with_their_value_apart_or_joined()
    {
        Present("sync", "r.txt", "--index-url", "http://a/simple/", "--cache-dir=/c", "--no-cache")
            .Should().BeEquivalentTo("index-url", "cache-dir", "no-cache");
    }

    [Fact]
    public void Short_options_are_found_by_their_long_name()
    {
        Present("sync", "-i", "http://a/simple/", "-pvenv", "r.txt").Should().BeEquivalentTo("index-url", "python");
    }

    [Fact]
    public void A_cluster_of_short_switches_gives_each_of_them()
    {
        Present("sync", "-qv", "r.txt").Should().BeEquivalentTo("quiet", "verbose");
    }

    [Fact]
    public void A_value_that_starts_with_a_dash_is_not_an_option()
    {
        Present("sync", "r.txt", "--python", "-v").Should().BeEquivalentTo("python");
        Present("sync", "r.txt", "-p", "-q").Should().BeEquivalentTo("python");
    }

    [Fact]
    public void Nothing_after_a_double_dash_is_an_option()
    {
        Present("show", "--files", "--", "--python").Should().BeEquivalentTo("files");
    }
}
