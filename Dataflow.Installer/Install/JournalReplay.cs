using System.Globalization;
using System.Text;

namespace Dataflow.Installer.Install;

/// <summary>
/// The read side of an environment journal: undoes a run that died (or failed) from what its journal says, or
/// finishes a commit that was cut short. The caller holds the environment's lock.
/// </summary>
/// <remarks>
/// Records are undone last to first, so that two changes to one path unwind in the order they happened. Each undo
/// is counted in a <c>rollback</c> file as it is done: a replay that is itself killed resumes where it stopped
/// instead of undoing a step twice (deleting a file as "added" after it was already moved back would lose it).
/// </remarks>
internal static class JournalReplay
{
    public const string ProgressFileName = "rollback";

    private const string TempSuffix = ".dfi-tmp";

    /// <summary>True when <paramref name="prefix"/> holds a journal, i.e. a run changed it and did not finish.</summary>
    public static bool HasJournal(string prefix) => Directory.Exists(Path.Combine(prefix, EnvironmentJournal.FolderName));

    /// <summary>Rolls back (or forward) the journal in <paramref name="prefix"/> and removes it; null when there is none.</summary>
    public static JournalRecovery? Replay(string prefix)
    {
        prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(prefix));
        var folder = Path.Combine(prefix, EnvironmentJournal.FolderName);
        if (!Directory.Exists(folder))
        {
            return null;
        }
        if (File.Exists(Path.Combine(folder, EnvironmentJournal.CommittedFileName)))
        {
            DeleteFolder(folder);
            return new JournalRecovery(0, 0, 0, RolledForward: true);
        }

        var records = ReadRecords(Path.Combine(folder, EnvironmentJournal.JournalFileName));
        RemoveTempFiles(prefix, records);
        var progressPath = Path.Combine(folder, ProgressFileName);
        var done = ReadProgress(progressPath);
        int removed = 0, restored = 0, directories = 0;
        using (var progress = new FileStream(progressPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0))
        {
            for (var index = records.Count - 1 - done; index >= 0; index--)
            {
                var record = records[index];
                var path = Resolve(prefix, record.Path);
                switch (record.Action)
                {
                    case JournalAction.Added when DeleteFileOrLink(path):
                        removed++;
                        break;
                    case JournalAction.CreatedDirectory when RemoveIfNoFiles(path):
                        directories++;
                        break;
                    case JournalAction.MovedAside when Restore(EnvironmentJournal.StashPath(folder, record.Stash!), path):
                        restored++;
                        break;
                }
                done++;
                // Fixed width, at offset 0: one small write that replaces the previous count whole.
                RandomAccess.Write(progress.SafeFileHandle, Encoding.ASCII.GetBytes(FormatProgress(done)), 0);
            }
        }
        DeleteFolder(folder);
        return new JournalRecovery(removed, restored, directories, RolledForward: false);
    }

    /// <summary>Deletes a journal folder and its stash; the journal file goes last, so a cut-short delete is finished by the next replay.</summary>
    public static void DeleteFolder(string folder)
    {
        var stash = Path.Combine(folder, EnvironmentJournal.StashFolderName);
        if (Directory.Exists(stash))
        {
            Directory.Delete(stash, recursive: true);
        }
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The progress file's one line: a fixed width, so that each update overwrites the last in place.</summary>
    internal static string FormatProgress(int done) => done.ToString("D12", CultureInfo.InvariantCulture) + "\n";

    /// <summary>The complete records: a last line without its newline was cut by the kill, and nothing it lists was touched yet.</summary>
    internal static List<JournalRecord> ReadRecords(string journalPath)
    {
        var records = new List<JournalRecord>();
        if (!File.Exists(journalPath))
        {
            return records;
        }
        var text = File.ReadAllText(journalPath, Encoding.UTF8);
        var end = text.LastIndexOf('\n');
        foreach (var line in text[..(end + 1)].Split('\n'))
        {
            if (line.Length > 0 && line != EnvironmentJournal.Header && JournalRecord.Parse(line) is { } record)
            {
                records.Add(record);
            }
        }
        return records;
    }

    private static int ReadProgress(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        var text = File.ReadAllText(path).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var done) ? done : 0;
    }

    // A journal is data on disk: a path leading outside the environment is refused, never followed.
    private static string Resolve(string prefix, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(prefix, relative));
        if (path.Length <= prefix.Length + 1 || !path.StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            throw new InstallationException($"The journal in {prefix} lists '{relative}', outside the environment; remove {Path.Combine(prefix, EnvironmentJournal.FolderName)} by hand after checking it.");
        }
        return path;
    }

    private static bool DeleteFileOrLink(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
        {
            return false;
        }
        info.Delete();
        return true;
    }

    // A folder the run created holds only what the run put there; a file left in it (not ours) keeps it.
    private static bool RemoveIfNoFiles(string directory)
    {
        if (!Directory.Exists(directory) || Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Any())
        {
            return false;
        }
        Directory.Delete(directory, recursive: true);
        return true;
    }

    private static bool Restore(string stashed, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
        {
            // An emptied folder of the same name (a reinstall of the same version) gives way to the original.
            Directory.Delete(path);
        }
        var errno = LibC.Rename(stashed, path);
        return errno switch
        {
            0 => true,
            LibC.ENOENT => false,
            _ => throw new IOException($"Cannot move '{stashed}' back to '{path}' (errno {errno})."),
        };
    }

    // The linker's temp siblings (".name.<guid>.dfi-tmp") of files the run added: a kill between create and rename leaves them.
    private static void RemoveTempFiles(string prefix, List<JournalRecord> records)
    {
        var byDirectory = records.Where(record => record.Action == JournalAction.Added)
            .Select(record => Resolve(prefix, record.Path))
            .GroupBy(path => Path.GetDirectoryName(path)!, StringComparer.Ordinal);
        foreach (var group in byDirectory)
        {
            if (!Directory.Exists(group.Key))
            {
                continue;
            }
            var names = group.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(group.Key, "*" + TempSuffix, new EnumerationOptions { AttributesToSkip = 0 }))
            {
                var name = Path.GetFileName(file);
                // ".{name}.{32 hex digits}.dfi-tmp"
                var guidStart = name.Length - TempSuffix.Length - 33;
                if (name.StartsWith('.') && guidStart > 1 && names.Contains(name[1..guidStart]))
                {
                    File.Delete(file);
                }
            }
        }
    }
}
