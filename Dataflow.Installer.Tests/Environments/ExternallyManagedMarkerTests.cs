using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

public sealed class ExternallyManagedMarkerTests
{
    [Fact]
    public void The_error_is_read_as_configparser_reads_it_continuation_lines_and_blank_lines_between_them_kept()
    {
        string[] lines = ["# a distributor's comment", "[externally-managed]", "Error=Use apt to install", "  python3-xyz.", "", "  Or a venv.", "", "[other]", "Error = not this one"];

        ExternallyManagedMarker.ErrorOf(lines).Should().Be("Use apt to install\npython3-xyz.\n\nOr a venv.");
    }

    [Theory]
    [InlineData("[externally-managed]\nerror : lower case, colon\n", "lower case, colon")]
    [InlineData("[externally-managed]\nError=\n   starts on the next line\n", "starts on the next line")]
    [InlineData("[other]\nError=elsewhere\n", null)]
    [InlineData("[externally-managed]\n", null)]
    [InlineData("not an ini file at all", null)]
    public void Only_the_error_key_of_the_externally_managed_section_counts(string content, string? expected) =>
        ExternallyManagedMarker.ErrorOf(content.Split('\n')).Should().Be(expected);

    [Fact]
    public void The_marker_is_looked_for_in_the_stdlib_folder_outside_a_venv_only()
    {
        using var folder = new TemporaryDirectory();
        var marker = folder.Combine(ExternallyManagedMarker.FileName);
        File.WriteAllText(marker, "[externally-managed]\n");
        var system = TestInterpreters.CPython311Glibc with { Stdlib = folder.Path };
        var venv = system with { Prefix = "/srv/venv" };

        ExternallyManagedMarker.Find(system).Should().Be(marker);
        ExternallyManagedMarker.Find(venv).Should().BeNull("PEP 668: a virtual environment is never externally managed");
        ExternallyManagedMarker.Find(system with { Stdlib = null }).Should().BeNull();
        File.Delete(marker);
        ExternallyManagedMarker.Find(system).Should().BeNull();
    }
}
