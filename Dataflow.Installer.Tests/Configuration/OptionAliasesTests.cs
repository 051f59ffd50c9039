using Dataflow.Installer.Configuration;

namespace Dataflow.Installer.Tests.Configuration;

public sealed class OptionAliasesTests
{
    [Fact]
    public void Pips_no_cache_dir_is_read_as_no_cache_as_uv_reads_it()
    {
        OptionAliases.Rewrite(["sync", "r.txt", "--no-cache-dir", "-q"]).Should().Equal("sync", "r.txt", "--no-cache", "-q");
    }

    [Fact]
    public void Nothing_after_a_double_dash_and_no_other_argument_is_rewritten()
    {
        string[] arguments = ["sync", "--", "--no-cache-dir", "--no-cache-dirs"];

        OptionAliases.Rewrite(arguments).Should().BeSameAs(arguments);
    }
}
