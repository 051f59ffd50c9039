using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Tests.Unzip;

public sealed class ArchiveMemberPathTests
{
    [Theory]
    [InlineData("alpha/__init__.py")]
    [InlineData("alpha/")]
    [InlineData("alpha-1.0.data/scripts/alpha-tool")]
    [InlineData("alpha/..data/x.py")]
    [InlineData("README")]
    public void Plain_relative_names_are_safe(string name)
    {
        ArchiveMemberPath.Problem(name).Should().BeNull();
    }

    [Theory]
    [InlineData("../evil.py", "escapes")]
    [InlineData("alpha/../../evil.py", "escapes")]
    [InlineData("alpha/./x.py", "escapes")]
    [InlineData("alpha//x.py", "escapes")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("alpha\\x.py", "backslash")]
    [InlineData("..\\evil.py", "backslash")]
    [InlineData("C:/evil.py", "drive letter")]
    [InlineData("c:evil.py", "drive letter")]
    [InlineData("alpha/\0x.py", "NUL")]
    [InlineData("alpha/\uFFFD.py", "UTF-8")]
    [InlineData("", "empty")]
    public void Names_that_could_leave_the_target_folder_are_refused_with_a_reason(string name, string reason)
    {
        ArchiveMemberPath.Problem(name).Should().Contain(reason);
    }
}
