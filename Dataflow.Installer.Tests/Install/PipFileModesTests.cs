using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.Install;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PipFileModesTests
{
    [Theory]
    [InlineData(0x12, 0x1A4, 0x1ED)] // 022: 0644, 0755
    [InlineData(0x02, 0x1B4, 0x1FD)] // 002: 0664, 0775
    [InlineData(0x3F, 0x180, 0x1C0)] // 077: 0600, 0700
    public void The_modes_are_0666_and_0777_less_the_umask_as_pip_leaves_files(int umask, int plain, int executable)
    {
        PipFileModes.For(umask).Should().Be(((UnixFileMode)plain, (UnixFileMode)executable));
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
