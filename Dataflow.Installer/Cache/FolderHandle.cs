using System.Runtime.InteropServices;

namespace Dataflow.Installer.Cache;

/// <summary>
/// A folder held open (O_PATH) so that the *at() calls resolve paths from it: a warm install links, stats and makes
/// folders for hundreds of thousands of files, and from a held folder the kernel walks two or three components of
/// each path instead of every component from the root (the walk was most of a warm batch's system time).
/// </summary>
internal sealed class FolderHandle : SafeHandle
{
    /// <summary>AT_FDCWD: resolve a relative path from the working folder (and an absolute one as it is).</summary>
    public const int WorkingFolder = -100;

    private const int OpenPath = 0x200000;
    private const int OpenCloseOnExec = 0x80000;

    // O_DIRECTORY is one of the few flags whose value differs between Linux architectures.
    private static readonly int s_openDirectory =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    private FolderHandle(string path, int descriptor)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        Path = path;
        SetHandle(new IntPtr(descriptor));
    }

    /// <summary>The folder's path, as it was opened.</summary>
    public string Path { get; }

    /// <summary>The descriptor to pass as the dirfd of an *at() call.</summary>
    public int Descriptor => (int)handle;

    public override bool IsInvalid => handle == new IntPtr(-1);

    // DllImport rather than LibraryImport: the generator's UTF-8 marshalling needs unsafe code, which the project disallows.
    // open(2) is variadic; its mode argument is passed (and ignored without O_CREAT) so the call matches the ABI.
    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static extern int OpenAtNative(int folder, byte[] path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseNative(int descriptor);

    /// <summary>
    /// Opens the folder at <paramref name="path"/>; null when it is missing or not a folder (the errno in
    /// <paramref name="errno"/>), and always on systems without O_PATH, where callers use whole paths.
    /// </summary>
    public static FolderHandle? TryOpen(string path, out int errno)
    {
        if (!OperatingSystem.IsLinux())
        {
            errno = 0;
            return null;
        }
        byte[]? encoded = null;
        var descriptor = OpenAtNative(WorkingFolder, NativePath.Encode(ref encoded, "", path), OpenPath | s_openDirectory | OpenCloseOnExec, 0);
        if (descriptor < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        return new FolderHandle(path, descriptor);
    }

    protected override bool ReleaseHandle() => CloseNative((int)handle) == 0;
}
