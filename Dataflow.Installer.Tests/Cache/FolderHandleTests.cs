using Dataflow.Installer.Cache;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Cache;

public sealed class FolderHandleTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_folder_is_held_open_and_closed_once_disposed()
    {
        using var root = new TemporaryDirectory();
        var folder = FolderHandle.TryOpen(root.Path, out var errno)!;

        errno.Should().Be(0);
        folder.Path.Should().Be(root.Path);
        folder.Descriptor.Should().BeGreaterThan(2);
        File.Exists($"/proc/self/fd/{folder.Descriptor}").Should().BeFalse("the descriptor names a folder");
        Directory.Exists($"/proc/self/fd/{folder.Descriptor}").Should().BeTrue();
        var descriptor = folder.Descriptor;

        folder.Dispose();

        folder.IsClosed.Should().BeTrue();
        new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget.Should().NotBe(root.Path, "the descriptor was closed");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_missing_folder_or_a_file_is_not_opened_and_says_why()
    {
        using var root = new TemporaryDirectory();
        File.WriteAllText(root.Combine("file"), "x");

        FolderHandle.TryOpen(root.Combine("missing"), out var missing).Should().BeNull();
        missing.Should().Be(LibC.ENOENT);
        FolderHandle.TryOpen(root.Combine("file"), out var file).Should().BeNull();
        file.Should().Be(LibC.ENOTDIR, "a file is not a folder");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_file_below_a_held_folder_is_probed_as_at_its_whole_path()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root.Combine("d\u00e9mo"));
        File.WriteAllText(root.Combine("d\u00e9mo", "m.py"), "x = 1\n");
        using var folder = FolderHandle.TryOpen(root.Path, out _)!;

        FileStampNative.Probe(folder, "d\u00e9mo/m.py").Should().Be(FileStampNative.Probe(root.Combine("d\u00e9mo", "m.py")));
        FileStampNative.Probe(folder, "d\u00e9mo/m.py").Kind.Should().Be(FileStampKind.Regular);
        FileStampNative.Probe(folder, "d\u00e9mo").Kind.Should().Be(FileStampKind.NotRegular);
        FileStampNative.Probe(folder, "d\u00e9mo/absent.py").Kind.Should().Be(FileStampKind.Missing);
    }
}
