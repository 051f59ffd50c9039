using Dataflow.Installer.Progress;

namespace Dataflow.Installer.Tests.Progress;

public sealed class ProgressLinesTests
{
    private static ProgressSnapshot Snapshot(
        int downloads = 0, int builds = 0, IReadOnlyList<string>? running = null, int unzips = 0, int installs = 0, int environments = 1) =>
        new(1_500_000, 4_000_000, 1, downloads, running ?? [], 0, builds, 2, unzips, 0, installs, 0, environments);

    [Fact]
    public void A_sync_shows_bytes_unzips_and_installs_in_that_order()
    {
        var lines = ProgressLines.From(Snapshot(downloads: 3, unzips: 3, installs: 3));

        lines.Select(line => line.Kind).Should().Equal(ProgressLineKind.Download, ProgressLineKind.Unzip, ProgressLineKind.Install);
        lines[0].Description.Should().Be("Downloading 1/3 files");
        lines[0].Amount.Should().Be("1.5 MB / 4.0 MB");
        lines[1].Amount.Should().Be("2/3");
    }

    [Fact]
    public void Builds_name_what_is_running_and_count_the_rest()
    {
        ProgressLines.From(Snapshot(builds: 2, running: ["eta==1.0"])).Single().Description.Should().Be("Building eta==1.0");
        ProgressLines.From(Snapshot(builds: 5, running: ["a==1", "b==1", "c==1", "d==1", "e==1"])).Single().Description
            .Should().Be("Building a==1, b==1, c==1 and 2 more");
    }

    [Fact]
    public void Environments_are_counted_only_in_a_batch()
    {
        ProgressLines.From(Snapshot(installs: 2, environments: 1)).Select(line => line.Kind).Should().NotContain(ProgressLineKind.Environments);
        ProgressLines.From(Snapshot(installs: 2, environments: 4)).Last().Should().Be(
            new ProgressLine(ProgressLineKind.Environments, "Environments", 0, 4, "0/4"));
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1000, "1.0 kB")]
    [InlineData(2_481, "2.5 kB")]
    [InlineData(12_345_678, "12.3 MB")]
    [InlineData(3_000_000_000, "3.00 GB")]
    public void Sizes_are_shown_in_decimal_units_as_pip_shows_them(long bytes, string shown) =>
        ByteSize.Format(bytes).Should().Be(shown);

    [Theory]
    [InlineData(false, false, false, "xterm-256color", true)]
    [InlineData(true, false, false, "xterm-256color", false)]
    [InlineData(false, true, false, "xterm-256color", false)]
    [InlineData(false, false, true, "xterm-256color", false)]
    [InlineData(false, false, false, "dumb", false)]
    [InlineData(false, false, false, null, true)]
    public void The_display_is_drawn_only_on_a_terminal_unless_turned_off(bool quiet, bool noProgress, bool redirected, string? term, bool shown) =>
        ProgressDisplayPolicy.ShouldShow(quiet, noProgress, redirected, term).Should().Be(shown);

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("1", false)]
    [InlineData("0", false)]
    public void No_color_set_to_anything_but_empty_turns_colour_off(string? noColor, bool colour) =>
        ProgressDisplayPolicy.WantsColour(noColor).Should().Be(colour);
}
