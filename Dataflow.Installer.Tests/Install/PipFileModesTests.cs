using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.Install;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PipFileModesTests
{
    [Theory]
    [InlineData(0x12, 0x1A4, 0x1ED, 0x1ED)] // 022: 0644, 0755, 0755
    [InlineData(0x02, 0x1B4, 0x1FD, 0x1FD)] // 002: 0664, 0775, 0775
    [InlineData(0x3F, 0x180, 0x1C9, 0x1ED)] // 077: 0600, 0711, 0755 (what pip 23.2 leaves under umask 077)
    [InlineData(0x17, 0x1A0, 0x1E9, 0x1ED)] // 027: 0640, 0751, 0755
    public void The_modes_are_pips_file_executable_member_and_launcher_modes_under_the_umask(int umask, int plain, int executable, int launcher)
    {
        PipFileModes.For(umask).Should().Be(((UnixFileMode)plain, (UnixFileMode)executable, (UnixFileMode)launcher));
    }

    [Fact]
    public void This_process_gets_the_modes_of_its_own_umask()
    {
        // The test host runs under the machine's umask; a file it creates shows what that umask leaves of 0666.
        var probe = Path.Combine(Path.GetTempPath(), "dfi-umask-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(probe, "");
        try
        {
            PipFileModes.Plain.Should().Be(File.GetUnixFileMode(probe));
        }
        finally
        {
            File.Delete(probe);
        }
    }
}
