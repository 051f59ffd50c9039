using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>
/// Removes an installed distribution as pip uninstall does: every file its RECORD (or legacy
/// <c>installed-files.txt</c>) lists, their bytecode, the folders left empty, then its metadata folder. A legacy develop
/// install loses its <c>.egg-link</c>, its line in <c>easy-install.pth</c> and its scripts; its project stays.
/// </summary>
public sealed class Uninstaller
{
    /// <summary>Uninstalls <paramref name="dist"/>; every listed path must resolve inside <paramref name="environmentPrefix"/>.</summary>
    /// <param name="protectedDirectories">Folders never removed even when empty, besides the environment's own (bin, include, site-packages...).</param>
    public Task UninstallAsync(
        InstalledDistribution dist,
        string environmentPrefix,
        CancellationToken ct,
        IEnumerable<string>? protectedDirectories = null) =>
        RemoveAsync(dist, environmentPrefix, journal: null, protectedDirectories, ct);

    /// <summary>Uninstalls <paramref name="dist"/> from the journal's environment by moving its files aside into the journal, so that a rollback can put them back.</summary>
    internal Task UninstallAsync(InstalledDistribution dist, EnvironmentJournal journal, CancellationToken ct) =>
        RemoveAsync(dist, journal.Prefix, journal, protectedDirectories: null, ct);

    private static async Task RemoveAsync(
        InstalledDistribution dist,
        string environmentPrefix,
        EnvironmentJournal? journal,
        IEnumerable<string>? protectedDirectories,
        CancellationToken ct)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(environmentPrefix));
        if (dist.EggLink is not null)
        {
            RemoveDevelopInstall(dist, prefix, journal);
            return;
        }
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
        if (!dist.IsEggInfo && location == prefix)
        {
            listed = FromPipTarget(listed, prefix);
        }

        // Check every path before removing anything, so a refused RECORD leaves the environment untouched.
        var metadataContents = metadataPath + "/";
        var files = new List<string>(listed.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, path) in listed)
        {
            if (!IsWithin(prefix, path))
            {
                throw new InstallationException(
                    $"Cannot uninstall {label}: RECORD entry '{entry}' resolves to '{path}', outside the environment '{prefix}'.");
            }
            // The metadata folder goes as a whole below.
            if (!path.StartsWith(metadataContents, StringComparison.Ordinal) && seen.Add(path))
            {
                files.Add(path);
            }
        }

        var touchedDirectories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            touchedDirectories.Add(Path.GetDirectoryName(file)!);
        }
        foreach (var pyc in Bytecode(files, touchedDirectories))
        {
            if (seen.Add(pyc))
            {
                files.Add(pyc);
            }
        }
        ct.ThrowIfCancellationRequested();

        if (journal is not null)
        {
            // One journal write for the distribution, then one rename per file; the folder of metadata is one rename.
            var leaving = new List<string>(files.Count + 1);
            leaving.AddRange(files);
            if (Directory.Exists(metadataPath) || File.Exists(metadataPath))
            {
                leaving.Add(metadataPath);
            }
            journal.MoveAside(leaving);
        }
        else
        {
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                DeleteFile(file);
            }
            if (dist.IsEggInfo && File.Exists(metadataPath))
            {
                File.Delete(metadataPath);
            }
            else if (Directory.Exists(metadataPath))
            {
                Directory.Delete(metadataPath, recursive: true);
            }
        }

        var keep = ProtectedDirectories(prefix, location, protectedDirectories);
        // Deepest first, so a parent is looked at after its children are gone.
        foreach (var directory in touchedDirectories.OrderByDescending(d => d.Length))
        {
            RemoveEmptyDirectories(directory, prefix, keep);
        }
    }

    // Edits of one easy-install.pth by distributions leaving in parallel take turns.
    private static readonly Lock PthGate = new();

    private static void RemoveDevelopInstall(InstalledDistribution dist, string prefix, EnvironmentJournal? journal)
    {
        var label = $"{dist.Name} {dist.Version}";
        var eggLink = Path.GetFullPath(dist.EggLink!);
        if (!IsWithin(prefix, eggLink))
        {
            throw new InstallationException($"Cannot uninstall {label}: its egg-link '{eggLink}' is outside the environment '{prefix}'.");
        }
        var scripts = DevelopScripts(dist.DistInfoPath, Path.Combine(prefix, "bin")).Where(path => IsWithin(prefix, Path.GetFullPath(path)) && File.Exists(path)).ToList();
        var files = new List<string>(scripts.Count + 1) { eggLink };
        files.AddRange(scripts);
        if (journal is not null)
        {
            journal.MoveAside(files);
        }
        else
        {
            files.ForEach(DeleteFile);
        }
        // The folder the project put on sys.path is what the pth line names (pip removes the line equal to it).
        var location = Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(Path.GetFullPath(dist.DistInfoPath))!);
        RemovePthLine(Path.Combine(Path.GetDirectoryName(eggLink)!, "easy-install.pth"), location, journal);
    }

    // setuptools' develop writes a launcher into bin for each console and GUI entry point, and copies distutils scripts;
    // pip removes those names from bin when it uninstalls the project.
    private static IEnumerable<string> DevelopScripts(string eggInfo, string bin)
    {
        var entryPoints = EntryPoints.Empty;
        var entryPointsPath = Path.Combine(eggInfo, EntryPoints.FileName);
        try
        {
            entryPoints = File.Exists(entryPointsPath) ? EntryPoints.Parse(File.ReadAllText(entryPointsPath)) : EntryPoints.Empty;
        }
        catch (FormatException)
        {
            // Launchers of a file Python could not read either were never usable; the link and the pth line still go.
        }
        foreach (var script in entryPoints.ConsoleScripts.Concat(entryPoints.GuiScripts))
        {
            yield return Path.Combine(bin, script.Name);
        }
        var distutilsScripts = Path.Combine(eggInfo, "scripts");
        if (Directory.Exists(distutilsScripts))
        {
            foreach (var script in Directory.EnumerateFiles(distutilsScripts))
            {
                yield return Path.Combine(bin, Path.GetFileName(script));
            }
        }
    }

    private static void RemovePthLine(string pth, string location, EnvironmentJournal? journal)
    {
        lock (PthGate)
        {
            if (!File.Exists(pth))
            {
                return;
            }
            var text = File.ReadAllText(pth);
            // Lines keep their own endings, so that what stays is written back byte for byte.
            var lines = System.Text.RegularExpressions.Regex.Split(text, "(?<=\n)");
            var folder = Path.GetDirectoryName(pth)!;
            var kept = lines.Where(line => !NamesFolder(line, folder, location)).ToList();
            if (kept.Count == lines.Length)
            {
                return;
            }
            // The old file is moved aside by the journal (a rollback puts it back), then the new one is written.
            journal?.RecordInstall([pth]);
            File.WriteAllText(pth, string.Concat(kept));
        }

        static bool NamesFolder(string line, string folder, string location)
        {
            var entry = line.Trim();
            return entry.Length > 0 && !entry.StartsWith('#') && !entry.StartsWith("import ", StringComparison.Ordinal) && !entry.StartsWith("import\t", StringComparison.Ordinal)
                && string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(entry, folder)), location, StringComparison.Ordinal);
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
            entries = RecordFile.Read(recordPath);
        }
        catch (FormatException e)
        {
            throw new InstallationException($"Cannot uninstall {dist.Name} {dist.Version}: invalid RECORD: {e.Message}", e);
        }
        return entries.Select(e => (e.Path, Path.GetFullPath(Path.Combine(location, e.Path)))).ToList();
    }

    // Metadata at the very top of the environment is a --target folder's. pip --target installs into a temporary home
    // scheme and moves it, so its RECORD names scripts, headers and data from that home's lib/python: ../../bin/NAME is
    // the target's bin/NAME. Read so, such a row stays inside the folder; a row that leaves it otherwise is still refused.
    private static List<(string Entry, string Path)> FromPipTarget(List<(string Entry, string Path)> listed, string prefix) =>
        [.. listed.Select(item => item.Entry.StartsWith("../../", StringComparison.Ordinal) && !IsWithin(prefix, item.Path)
            && Path.GetFullPath(Path.Combine(prefix, item.Entry[6..])) is var rebased && IsWithin(prefix, rebased)
                ? (item.Entry, rebased)
                : item)];

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
    // Each __pycache__ is listed once for all the .py files beside it.
    private static List<string> Bytecode(IReadOnlyList<string> files, HashSet<string> touchedDirectories)
    {
        var found = new List<string>();
        var options = new EnumerationOptions { AttributesToSkip = 0, MatchCasing = MatchCasing.CaseSensitive };
        foreach (var group in files.Where(f => f.EndsWith(".py", StringComparison.Ordinal)).GroupBy(f => Path.GetDirectoryName(f)!, StringComparer.Ordinal).ToList())
        {
            var cache = Path.Combine(group.Key, "__pycache__");
            if (!Directory.Exists(cache))
            {
                continue;
            }
            touchedDirectories.Add(cache);
            var stems = group.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
            foreach (var pyc in Directory.EnumerateFiles(cache, "*.cpython-3*.pyc", options))
            {
                var name = Path.GetFileName(pyc);
                var tag = name.IndexOf(".cpython-3", StringComparison.Ordinal);
                if (tag > 0 && stems.Contains(name[..tag]))
                {
                    found.Add(pyc);
                }
            }
        }
        return found;
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

    /// <summary>
    /// Removes <paramref name="directory"/> and its parents while empty. Distributions leave in parallel, and two of them
    /// can share a folder (a namespace package's): the other may remove it, or put nothing in it, at any moment.
    /// </summary>
    internal static void RemoveEmptyDirectories(string directory, string prefix, HashSet<string> keep)
    {
        while (IsWithin(prefix, directory) && !keep.Contains(directory))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    return;
                }
                Directory.Delete(directory);
            }
            catch (DirectoryNotFoundException)
            {
                // Already removed by the distribution that shared it; its parent may be empty now.
            }
            catch (IOException) when (Directory.Exists(directory))
            {
                // Not empty after all.
                return;
            }
            directory = Path.GetDirectoryName(directory)!;
        }
    }

    private static bool IsWithin(string root, string path) =>
        path.Length > root.Length + 1 && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/';
}
