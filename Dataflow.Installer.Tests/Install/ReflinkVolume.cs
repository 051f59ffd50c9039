using Dataflow.Installer.Tests.EndToEnd;

namespace Dataflow.Installer.Tests.Install;

/// <summary>
/// A filesystem with reflinks for the tests of real clones: the folder named by <c>DFI_TEST_REFLINK_DIR</c>, or else a
/// 256 MiB sparse btrfs image loop-mounted for the test class (root with mkfs.btrfs only), unmounted afterwards.
/// </summary>
public sealed class ReflinkVolume : IAsyncLifetime
{
    private const string FolderVariable = "DFI_TEST_REFLINK_DIR";
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private string? _image;
    private string? _mountPoint;

    /// <summary>Why the clone tests cannot run here, or null when they can.</summary>
    public static string? Unavailable { get; } = FindWhyUnavailable();

    /// <summary>A fresh folder of this test class on the volume.</summary>
    public string Root { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } given)
        {
            Root = Path.Combine(given, "dfi-clone-" + _id);
            Directory.CreateDirectory(Root);
            return;
        }
        _image = Path.Combine(Path.GetTempPath(), $"dfi-btrfs-{_id}.img");
        _mountPoint = Path.Combine(Path.GetTempPath(), $"dfi-btrfs-{_id}");
        Directory.CreateDirectory(_mountPoint);
        await using (var image = File.Create(_image))
        {
            image.SetLength(256L << 20);
        }
        await ProcessRunner.RunCheckedAsync("mkfs.btrfs", "-q", _image);
        await ProcessRunner.RunCheckedAsync("mount", "-o", "loop", _image, _mountPoint);
        Root = Path.Combine(_mountPoint, "tests");
        Directory.CreateDirectory(Root);
    }

    public async Task DisposeAsync()
    {
        if (_mountPoint is not null)
        {
            await ChildProcess.RunAsync("umount", [_mountPoint]);
            Directory.Delete(_mountPoint, recursive: true);
        }
        if (_image is not null)
        {
            File.Delete(_image);
        }
        else if (Root.Length > 0)
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>A new empty folder on the volume.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Root, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string? FindWhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "FICLONE is Linux's";
        }
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 })
        {
            return null;
        }
        if (Environment.UserName != "root")
        {
            return $"mounting a btrfs image needs root (or set {FolderVariable} to a folder on btrfs or xfs with reflink)";
        }
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]);
        if (!path.Any(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, "mkfs.btrfs"))))
        {
            return $"no mkfs.btrfs (apt-get install btrfs-progs, or set {FolderVariable})";
        }
        if (!File.Exists("/dev/loop-control") || !File.ReadAllText("/proc/filesystems").Contains("btrfs", StringComparison.Ordinal))
        {
            return "no loop devices or no btrfs in this kernel";
        }
        return null;
    }
}
