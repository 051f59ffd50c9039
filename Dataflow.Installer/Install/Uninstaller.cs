using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>
/// Removes an installed distribution as pip uninstall does: every file its RECORD (or legacy
/// <c>installed-files.txt</c>) lists, their bytecode, the folders left empty, then its metadata folder.
/// </summary>
public sealed class Uninstaller
{
    /// <summary>Uninstalls <paramref name="dist"/>; every listed path must resolve inside <paramref name="environmentPrefix"/>.</summary>
    /// <param name="protectedDirectories">Folders never removed even when empty, besides the environment's own (bin, include, site-packages...).</param>
    public async Task UninstallAsync(
        InstalledDistribution dist,
        string environmentPrefix,
        CancellationToken ct,
        IEnumerable<string>? protectedDirectories = null)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(environmentPrefix));
        var metadataPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dist.DistInfoPath));
        var location = Path.GetDirectoryName(metadataPath)!;
        var label = $"{dist.Name} {dist.Version}";
        if (!IsWithin(prefix, metadataPath))
        {
            throw new InstallationException($"Cannot uninstall {label}: its metadata '{metadataPath}' is outside the environment '{prefix}'.");
        }

        var listed = dist.IsEggInfo
            ? await ReadInstalledFilesAsync(dist, metadataPath, label, ct).ConfigureAwait(false)
            : await ReadRecordAsync(dist, metadataPath, location, label, ct).ConfigureAwait(false);

        // Check every path before removing anything, so a refused RECORD leaves the environment untouched.
        var files = new List<string>(listed.Count);
        foreach (var (entry, path) in listed)
        {
            if (!IsWithin(prefix, path))
            {
                throw new InstallationException(
                    $"Cannot uninstall {label}: RECORD entry '{entry}' resolves to '{path}', outside the environment '{prefix}'.");
            }
            files.Add(path);
        }

        var touchedDirectories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            DeleteFile(file);
            var directory = Path.GetDirectoryName(file)!;
            touchedDirectories.Add(directory);
            if (file.EndsWith(".py", StringComparison.Ordinal))
            {
                RemoveBytecode(directory, Path.GetFileNameWithoutExtension(file), touchedDirectories);
            }
        }

        if (dist.IsEggInfo && File.Exists(metadataPath))
        {
            File.Delete(metadataPath);
        }
        else if (Directory.Exists(metadataPath))
        {
            Directory.Delete(metadataPath, recursive: true);
        }

        var keep = ProtectedDirectories(prefix, location, protectedDirectories);
        // Deepest first, so a parent is looked at after its children are gone.
        foreach (var directory in touchedDirectories.OrderByDescending(d => d.Length))
        {
            RemoveEmptyDirectories(directory, prefix, keep);
        }
    }

    private static async Task<List<(string Entry, string Path)>> ReadRecordAsync(
        InstalledDistribution dist, string distInfo, string location, string label, CancellationToken ct)
    {
        var recordPath = Path.Combine(distInfo, RecordFile.FileName);
        if (!File.Exists(recordPath))
        {
            var installer = ReadInstaller(distInfo);
            var hint = installer is null ? "" : $" Hint: The package was installed by {installer}.";
            throw new InstallationException($"Cannot uninstall {label}, RECORD file not found.{hint}");
        }
        IReadOnlyList<RecordEntry> entries;
        try
        {
            entries = await RecordFile.ReadAsync(recordPath, ct).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            throw new InstallationException($"Cannot uninstall {dist.Name} {dist.Version}: invalid RECORD: {e.Message}", e);
        }
        return entries.Select(e => (e.Path, Path.GetFullPath(Path.Combine(location, e.Path)))).ToList();
    }

    // setuptools' installed-files.txt lists paths relative to the .egg-info folder, one per line.
    private static async Task<List<(string Entry, string Path)>> ReadInstalledFilesAsync(
        InstalledDistribution dist, string eggInfo, string label, CancellationToken ct)
    {
        var listPath = Path.Combine(eggInfo, "installed-files.txt");
        if (!File.Exists(listPath))
        {
            throw new InstallationException(
                $"Cannot uninstall {label}: it is a legacy .egg-info install without installed-files.txt, so its files are unknown.");
        }
        var lines = await File.ReadAllLinesAsync(listPath, ct).ConfigureAwait(false);
        return lines.Where(l => l.Trim().Length > 0)
            .Select(l => (l, Path.GetFullPath(Path.Combine(eggInfo, l.Trim()))))
            .Where(p => !string.Equals(p.Item2, eggInfo, StringComparison.Ordinal) && !p.Item2.StartsWith(eggInfo + "/", StringComparison.Ordinal))
            .ToList();
    }

    private static string? ReadInstaller(string distInfo)
    {
        var path = Path.Combine(distInfo, "INSTALLER");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    // Python writes bytecode as __pycache__/{stem}.{cache tag}[.opt-N].pyc (PEP 3147, PEP 488); any CPython 3 tag goes.
    private static void RemoveBytecode(string directory, string stem, HashSet<string> touchedDirectories)
    {
        var cache = Path.Combine(directory, "__pycache__");
        if (!Directory.Exists(cache))
        {
            return;
        }
        foreach (var pyc in Directory.EnumerateFiles(cache, $"{stem}.cpython-3*.pyc", new EnumerationOptions { AttributesToSkip = 0, MatchCasing = MatchCasing.CaseSensitive }))
        {
            DeleteFile(pyc);
        }
        touchedDirectories.Add(cache);
    }

    private static void DeleteFile(string path)
    {
        // File.Delete removes a symbolic link itself and ignores a missing file, as pip does for files already gone.
        var info = new FileInfo(path);
        if (info.Exists || info.LinkTarget is not null)
        {
            info.Delete();
        }
    }

    private static HashSet<string> ProtectedDirectories(string prefix, string location, IEnumerable<string>? extra)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal) { prefix };
        foreach (var name in new[] { "bin", "Scripts", "include", "lib", "lib64", "Lib" })
        {
            keep.Add(Path.Combine(prefix, name));
        }
        // site-packages and every folder above it (lib/python3.X) stay.
        for (var directory = location; directory.Length > prefix.Length; directory = Path.GetDirectoryName(directory)!)
        {
            keep.Add(directory);
        }
        foreach (var directory in extra ?? [])
        {
            keep.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        }
        return keep;
    }

    private static void RemoveEmptyDirectories(string directory, string prefix, HashSet<string> keep)
    {
        while (IsWithin(prefix, directory) && !keep.Contains(directory) && Directory.Exists(directory)
               && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            directory = Path.GetDirectoryName(directory)!;
        }
    }

    private static bool IsWithin(string root, string path) =>
        path.Length > root.Length + 1 && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/';
}
