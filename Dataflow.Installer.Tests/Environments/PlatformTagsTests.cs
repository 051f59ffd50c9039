using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Tests.Environments;

public sealed class PlatformTagsTests
{
    [Fact]
    public void Apple_silicon_gets_arm64_and_universal2_for_each_release_then_universal2_for_10_x()
    {
        // pypa/packaging 21.3: mac_platforms((14, 2), "arm64").
        var expected =
            "macosx_14_0_arm64 macosx_14_0_universal2 macosx_13_0_arm64 macosx_13_0_universal2 macosx_12_0_arm64 " +
            "macosx_12_0_universal2 macosx_11_0_arm64 macosx_11_0_universal2 macosx_10_16_universal2 macosx_10_15_universal2 " +
            "macosx_10_14_universal2 macosx_10_13_universal2 macosx_10_12_universal2 macosx_10_11_universal2 " +
            "macosx_10_10_universal2 macosx_10_9_universal2 macosx_10_8_universal2 macosx_10_7_universal2 " +
            "macosx_10_6_universal2 macosx_10_5_universal2 macosx_10_4_universal2";

        PlatformTags.MacOS((14, 2), "arm64").Should().Equal(expected.Split(' '));
    }

    [Theory]
    [InlineData(10, 15, 72)]
    [InlineData(12, 0, 90)]
    public void Intel_macs_get_every_binary_format_down_to_10_4(int major, int minor, int count)
    {
        var tags = PlatformTags.MacOS((major, minor), "x86_64");

        // Counts from pypa/packaging 21.3's mac_platforms for the same arguments.
        tags.Should().HaveCount(count);
        tags.Take(6).Should().Equal(
            $"macosx_{major}_{minor}_x86_64", $"macosx_{major}_{minor}_intel", $"macosx_{major}_{minor}_fat64",
            $"macosx_{major}_{minor}_fat32", $"macosx_{major}_{minor}_universal2", $"macosx_{major}_{minor}_universal");
        tags[^1].Should().Be("macosx_10_4_universal");
    }

    [Fact]
    public void A_macOS_interpreter_takes_its_version_from_the_sysconfig_platform_and_its_cpu_from_the_machine()
    {
        var interpreter = new InterpreterInfo(
            "/usr/local/bin/python3", "cpython", 3, 12, "3.12.1", "", "macosx-11.0-universal2", "arm64", 64, null, null,
            "/usr/local", "/usr/local", new SchemePaths("/p", "/p", "/s", "/h", "/d"), new Dictionary<string, string>());

        PlatformTags.For(interpreter).Should().StartWith(["macosx_11_0_arm64", "macosx_11_0_universal2", "macosx_10_16_universal2"]);
    }

    [Theory]
    [InlineData("win-amd64", "win_amd64")]
    [InlineData("win32", "win32")]
    [InlineData("freebsd-14.0-RELEASE-amd64", "freebsd_14_0_release_amd64")]
    public void Other_systems_use_the_normalised_sysconfig_platform(string sysconfigPlatform, string tag)
    {
        PlatformTags.Normalize(sysconfigPlatform).Should().Be(tag);
    }
}
