using Dataflow.Installer.Inspect;

namespace Dataflow.Installer.Tests.Inspect;

public sealed class InstalledFilesTests
{
    [Theory]
    [InlineData("a/./b//c/", "a/b/c")]
    [InlineData("./a", "a")]
    [InlineData("../../bin/tool", "../../bin/tool")]
    [InlineData("/abs//path", "/abs/path")]
    [InlineData("//two/leading", "//two/leading")]
    [InlineData("", ".")]
    public void Paths_are_normalised_as_pathlib_writes_them(string path, string expected) =>
        InstalledFiles.NormalizePath(path).Should().Be(expected);

    [Theory]
    [InlineData("pkg/__init__.py,sha256=abc,12", "pkg/__init__.py")]
    [InlineData("\"pkg/a,b.txt\",sha256=abc,3", "pkg/a,b.txt")]
    [InlineData("\"say \"\"hi\"\".txt\",,", "say \"hi\".txt")]
    [InlineData("pkg-1.0.dist-info/RECORD,,", "pkg-1.0.dist-info/RECORD")]
    public void The_first_RECORD_field_is_read_as_CSV(string line, string expected) =>
        InstalledFiles.FirstCsvField(line).Should().Be(expected);
}
