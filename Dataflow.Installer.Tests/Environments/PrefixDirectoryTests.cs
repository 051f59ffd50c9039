using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

public sealed class PrefixDirectoryTests
{
    private static readonly InterpreterInfo Debian = TestInterpreters.CPython311Glibc with
    {
        PrefixScheme = new SchemePaths(
            "/@DFI_PREFIX@/local/lib/python3.11/dist-packages", "/@DFI_PREFIX@/local/lib/python3.11/dist-packages",
            "/@DFI_PREFIX@/local/bin", "/@DFI_PREFIX@/include/python3.11", "/@DFI_PREFIX@/local"),
    };

    [Fact]
    public void The_interpreters_prefix_scheme_is_rooted_at_the_folder_which_becomes_the_environment()
    {
        var applied = PrefixDirectory.Apply(Debian, "/srv/install/");

        applied.Prefix.Should().Be("/srv/install");
        applied.Scheme.Should().Be(new SchemePaths("/srv/install/local/lib/python3.11/dist-packages", "/srv/install/local/lib/python3.11/dist-packages",
            "/srv/install/local/bin", "/srv/install/include/python3.11", "/srv/install/local"));
    }

    [Fact]
    public void A_scheme_path_outside_the_marked_prefix_is_refused_rather_than_written_to()
    {
        var odd = Debian with { PrefixScheme = Debian.PrefixScheme! with { Headers = "/usr/include/python3.11" } };

        var apply = () => PrefixDirectory.Apply(odd, "/srv/install");

        apply.Should().Throw<InterpreterException>().Which.Message.Should().Contain("/usr/include/python3.11");
    }

    [Fact]
    public void An_interpreter_answer_without_a_prefix_scheme_is_refused()
    {
        var apply = () => PrefixDirectory.Apply(TestInterpreters.CPython311Glibc, "/srv/install");

        apply.Should().Throw<InterpreterException>().Which.Message.Should().Contain("--prefix");
    }
}
