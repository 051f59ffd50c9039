using System.Diagnostics;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// A small tmpfs mounted for one test (root only), to run out of space on purpose; <see cref="FillAsync"/> leaves a
/// chosen number of bytes free. Unmounted on dispose, lazily (<c>umount -l</c>) when something still holds it.
/// </summary>
internal sealed class TmpfsMount : IAsyncDisposable
{
    private const int PageSize = 4096;

    private TmpfsMount(string path) => Path = path;

    /// <summary>Why a tmpfs cannot be mounted here, or null when it can.</summary>
    public static string? Unavailable { get; } = FindWhyUnavailable();

    /// <summary>The mount point.</summary>
    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler");

    public static async Task<TmpfsMount> MountAsync(long sizeBytes)
    {
        var path = NewMountPoint();
        var result = await ChildProcess.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", path]);
        if (result.ExitCode != 0)
        {
            Directory.Delete(path);
            result.ShouldSucceed();
        }
        return new TmpfsMount(path);
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Bytes free on the mount now.</summary>
    public async Task<long> AvailableBytesAsync()
    {
        var result = (await ChildProcess.RunAsync("df", ["--output=avail", "-B1", Path])).ShouldSucceed();
        return long.Parse(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a filler file (real pages: a sparse file would take none) until only <paramref name="leftBytes"/> are free.</summary>
    public async Task FillAsync(long leftBytes)
    {
        var toWrite = await AvailableBytesAsync() - leftBytes;
        toWrite.Should().BePositive("the mount must have more than {0} bytes free to fill it", leftBytes);
        var buffer = new byte[1 << 16];
        await using var filler = new FileStream(Filler, FileMode.Append, FileAccess.Write);
        for (var written = 0L; written < toWrite; written += buffer.Length)
        {
            await filler.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, toWrite - written)));
        }
        // Each page of the filler is now counted: what is left is less than a page off the target.
        (await AvailableBytesAsync()).Should().BeLessThanOrEqualTo(leftBytes + PageSize);
    }

    /// <summary>Remounts read-only (<paramref name="readOnly"/>) or writable again: EROFS on every write.</summary>
    public async Task RemountAsync(bool readOnly) =>
        (await ChildProcess.RunAsync("mount", ["-o", readOnly ? "remount,ro" : "remount,rw", Path])).ShouldSucceed();

    /// <summary>Deletes the filler: the space is back.</summary>
    public void Free() => File.Delete(Filler);

    public async ValueTask DisposeAsync()
    {
        if ((await ChildProcess.RunAsync("umount", [Path])).ExitCode != 0)
        {
            // A process the test started still has a file open there: detach now, the kernel frees it when they close.
            await ChildProcess.RunAsync("umount", ["-l", Path]);
        }
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private static string NewMountPoint()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dfi-tmpfs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    // Root is necessary, not sufficient: a container without CAP_SYS_ADMIN refuses the mount, so one is tried.
    private static string? FindWhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs mounts are Linux's";
        }
        if (Environment.UserName != "root")
        {
            return "mounting a tmpfs needs root";
        }
        var path = NewMountPoint();
        try
        {
            var mount = RunQuietly("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path);
            if (mount is not null)
            {
                return $"cannot mount a tmpfs here: {mount}";
            }
            return RunQuietly("umount", path) is { } umount ? $"cannot unmount a tmpfs here: {umount}" : null;
        }
        finally
        {
            try
            {
                Directory.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Null on success, else what the program said.</summary>
    private static string? RunQuietly(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{program} exited with {process.ExitCode}: {stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"{program}: {exception.Message}";
        }
    }
}
