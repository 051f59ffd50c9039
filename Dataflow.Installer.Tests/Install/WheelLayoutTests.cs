using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.Install;

public sealed class WheelLayoutTests
{
    private static readonly SchemePaths Scheme = new("/env/lib/site", "/env/lib/site", "/env/bin", "/env/include/pkg", "/env");

    private static WheelLayout Layout() => new("pkg-1.0-py3-none-any.whl", "/cache/tree", "/env/lib/site", Scheme);

    [Theory]
    [InlineData("pkg/__init__.py", true)]
    [InlineData("top.py", true)]
    [InlineData("pkg/.hidden/x.py", true)]
    [InlineData("pkg/..dots/x.py", true)]
    [InlineData("pkg/./x.py", false)]
    [InlineData("pkg/../x.py", false)]
    [InlineData("pkg//x.py", false)]
    [InlineData("pkg/", false)]
    [InlineData("./x.py", false)]
    public void A_member_is_plain_when_every_segment_is_a_name(string member, bool plain)
    {
        PlainPath.IsPlain(member).Should().Be(plain);
    }

    [Theory]
    [InlineData("pkg/__init__.py", "/cache/tree/pkg/__init__.py", "/env/lib/site/pkg/__init__.py")]
    [InlineData("pkg/./sub/x.py", "/cache/tree/pkg/sub/x.py", "/env/lib/site/pkg/sub/x.py")]
    [InlineData("pkg//x.py", "/cache/tree/pkg/x.py", "/env/lib/site/pkg/x.py")]
    [InlineData("pkg/sub/../y.py", "/cache/tree/pkg/y.py", "/env/lib/site/pkg/y.py")]
    public void Plain_and_other_members_resolve_to_the_same_normalised_paths(string member, string source, string target)
    {
        var placement = Layout().Resolve(member);

        placement.Source.Should().Be(source);
        placement.Target.Should().Be(target);
        placement.Member.Should().Be(member);
    }

    [Theory]
    [InlineData("../escape.py")]
    [InlineData("pkg/../../escape.py")]
    [InlineData("/etc/passwd")]
    public void A_member_leading_out_of_the_wheel_is_refused(string member)
    {
        var resolve = () => Layout().Resolve(member);

        resolve.Should().Throw<InstallationException>().WithMessage("*outside the target directory*");
    }
}
