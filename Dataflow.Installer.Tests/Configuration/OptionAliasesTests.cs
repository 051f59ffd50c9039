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
    public void Uvs_default_index_and_index_are_read_as_index_url_and_extra_index_url_in_both_forms()
    {
        OptionAliases.Rewrite(["sync", "r.txt", "--default-index", "https://a.example/simple/", "--index=https://b.example/simple/"])
            .Should().Equal("sync", "r.txt", "--index-url", "https://a.example/simple/", "--extra-index-url=https://b.example/simple/");
        OptionAliases.Rewrite(["sync", "--no-index", "--index-url=x", "--indexes"]).Should().Equal("sync", "--no-index", "--index-url=x", "--indexes");
    }

    [Fact]
    public void Uvs_named_index_values_lose_their_name_and_keep_their_url()
    {
        OptionAliases.Rewrite(["sync", "r.txt", "--index", "pytorch=https://download.pytorch.org/whl/cpu", "--default-index=internal=https://pypi.internal/simple/"])
            .Should().Equal("sync", "r.txt", "--extra-index-url", "https://download.pytorch.org/whl/cpu", "--index-url=https://pypi.internal/simple/");
        OptionAliases.Rewrite(["sync", "--index", "https://host/simple/?token=abc", "--index-url", "name=https://x/"])
            .Should().Equal("sync", "--extra-index-url", "https://host/simple/?token=abc", "--index-url", "name=https://x/");
    }

    [Fact]
    public void Uvs_allow_insecure_host_is_read_as_trusted_host()
    {
        OptionAliases.Rewrite(["sync", "r.txt", "--allow-insecure-host", "mirror.internal:8443"]).Should().Equal("sync", "r.txt", "--trusted-host", "mirror.internal:8443");
    }

    [Fact]
    public void Nothing_after_a_double_dash_and_no_other_argument_is_rewritten()
    {
        string[] arguments = ["sync", "--", "--no-cache-dir", "--no-cache-dirs"];

        OptionAliases.Rewrite(arguments).Should().BeSameAs(arguments);
    }
}
