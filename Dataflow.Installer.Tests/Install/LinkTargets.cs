using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.Install;

/// <summary>Helpers of the link-mode tests: a scheme in any folder, what stat(1) and cp(1) say about files there.</summary>
internal static class LinkTargets
{
    /// <summary>A venv-shaped scheme under <paramref name="prefix"/>, for installs that need no interpreter.</summary>
    public static SchemePaths SchemeIn(string prefix, string distributionName)
    {
        var purelib = Path.Combine(prefix, "lib", "python3.11", "site-packages");
        return new SchemePaths(purelib, purelib, Path.Combine(prefix, "bin"), Path.Combine(prefix, "include", distributionName), prefix);
    }

    public static WheelInstallRequest Request(string wheelFolder, string prefix, string name, LinkMode mode) =>
        new(wheelFolder, SchemeIn(prefix, name), "/usr/bin/python3", mode);

    /// <summary>"device:inode links" of a file, as stat(1) reports it.</summary>
    public static async Task<(string Inode, int Links)> StatAsync(string path)
    {
        var fields = (await ProcessRunner.RunCheckedAsync("stat", "-c", "%d:%i %h", path)).Trim().Split(' ');
        return (fields[0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether coreutils' cp can reflink from one folder into another: the tests' independent word on the filesystem.</summary>
    public static async Task<bool> CpCanReflinkAsync(string fromFolder, string toFolder)
    {
        var source = Path.Combine(fromFolder, $"reflink-check-{Guid.NewGuid():N}");
        var target = Path.Combine(toFolder, $"reflink-check-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(source, "reflink?");
        try
        {
            var (exit, _, _) = await ProcessRunner.RunAsync("cp", "--reflink=always", source, target);
            return exit == 0;
        }
        finally
        {
            File.Delete(source);
            File.Delete(target);
        }
    }

    /// <summary>Every file under <paramref name="root"/>, relative, sorted.</summary>
    public static IReadOnlyList<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(path => Path.GetRelativePath(root, path))
            .Order(StringComparer.Ordinal)
            .ToList();
}
