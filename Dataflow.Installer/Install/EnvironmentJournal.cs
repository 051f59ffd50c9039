using System.Buffers;
using System.Text;

namespace Dataflow.Installer.Install;

/// <summary>
/// The write side of one environment's transaction, at <c>&lt;prefix&gt;/.dfi-journal/</c>: what leaves is renamed
/// into <c>stash/</c> and what arrives is listed in <c>journal</c> before it is created, so that whatever moment
/// the run dies at, the journal describes at least everything done and <see cref="JournalReplay"/> can undo it.
/// </summary>
/// <remarks>
/// Records are written per distribution, one write(2) for all of its paths, before the first of them is touched;
/// there is no fsync. A write returns once the kernel holds the bytes, and the kernel keeps them when the process
/// is killed (even by SIGKILL), so any later run reads a journal at least as new as the environment. Only a power
/// loss or kernel crash could persist the links without the record; an fsync per distribution would cost more than
/// the whole warm install, so that case is left to the filesystem's own journal.
/// </remarks>
internal sealed class EnvironmentJournal : IDisposable
{
    public const string FolderName = ".dfi-journal";
    public const string JournalFileName = "journal";
    public const string CommittedFileName = "journal.committed";
    public const string StashFolderName = "stash";
    public const string Header = "dfi-journal 1";

    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private int _nextStash;

    private EnvironmentJournal(string prefix, FileStream file)
    {
        Prefix = prefix;
        _file = file;
    }

    /// <summary>The environment's root, without a trailing separator.</summary>
    public string Prefix { get; }

    public string Folder => Path.Combine(Prefix, FolderName);

    public bool IsFinished { get; private set; }

    /// <summary>Starts a journal; the caller holds the environment's lock and has replayed any journal left before.</summary>
    public static EnvironmentJournal Begin(string prefix)
    {
        prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(prefix));
        var folder = Path.Combine(prefix, FolderName);
        var existed = Directory.Exists(folder);
        FileStream? file = null;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, StashFolderName));
            // Unbuffered: each Append is exactly one write(2), done before the paths it lists are touched.
            file = new FileStream(Path.Combine(folder, JournalFileName), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
            file.Write(Encoding.UTF8.GetBytes(Header + "\n"));
            // The rollback's progress count is written now, while there is room: on a full disk the rollback then
            // only overwrites bytes it owns, and can always put the environment back.
            File.WriteAllText(Path.Combine(folder, JournalReplay.ProgressFileName), JournalReplay.FormatProgress(0));
            return new EnvironmentJournal(prefix, file);
        }
        catch
        {
            // Nothing was changed yet: a journal that could not even start (a full disk) must not be left for a replay.
            file?.Dispose();
            if (!existed && Directory.Exists(folder))
            {
                JournalReplay.DeleteFolder(folder);
            }
            throw;
        }
    }

    /// <summary>
    /// Records the files an install is about to create, and the topmost folders it creates; a target that exists
    /// already is moved aside first, so that the rollback can put it back.
    /// </summary>
    public void RecordInstall(IEnumerable<string> targets)
    {
        var survey = TargetSurvey.Of(targets.Select(Path.GetFullPath).ToList(), Prefix);
        if (survey.Existing.Count > 0)
        {
            MoveAside(survey.Existing);
        }
        // Written straight into one buffer, each path as its slice below the prefix: an install lists every file it places.
        var line = LineBuffer();
        foreach (var directory in survey.CreatedDirectories)
        {
            JournalRecord.AppendTo(line, JournalAction.CreatedDirectory, Relative(directory));
        }
        foreach (var target in survey.Targets)
        {
            JournalRecord.AppendTo(line, JournalAction.Added, Relative(target));
        }
        Append(line.WrittenSpan);
    }

    /// <summary>Renames each path (file or folder) into the stash, recording it first; a path already gone is skipped.</summary>
    public void MoveAside(IReadOnlyList<string> paths)
    {
        var records = new List<JournalRecord>(paths.Count);
        foreach (var path in paths)
        {
            records.Add(new JournalRecord(JournalAction.MovedAside, Relative(path).ToString(), Interlocked.Increment(ref _nextStash).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        Append(records);
        for (var i = 0; i < paths.Count; i++)
        {
            var errno = LibC.Rename(Path.GetFullPath(paths[i]), StashPath(Folder, records[i].Stash!));
            if (errno is not (0 or LibC.ENOENT))
            {
                throw new IOException($"Cannot move '{paths[i]}' aside (errno {errno}).");
            }
        }
    }

    /// <summary>Makes the run's changes final: marks the journal committed (one rename), then deletes the stash and the journal.</summary>
    public void Commit()
    {
        lock (_gate)
        {
            _file.Dispose();
            // After this rename a replay rolls forward (finishes deleting) instead of back: a half-deleted stash cannot be restored.
            File.Move(Path.Combine(Folder, JournalFileName), Path.Combine(Folder, CommittedFileName));
            IsFinished = true;
        }
        JournalReplay.DeleteFolder(Folder);
    }

    /// <summary>Undoes everything recorded; returns what was restored.</summary>
    public JournalRecovery Rollback()
    {
        lock (_gate)
        {
            _file.Dispose();
            IsFinished = true;
        }
        return JournalReplay.Replay(Prefix) ?? new JournalRecovery(0, 0, 0, RolledForward: false);
    }

    public void Dispose() => _file.Dispose();

    internal static string StashPath(string folder, string stash) => Path.Combine(folder, StashFolderName, stash);

    private void Append(IEnumerable<JournalRecord> records)
    {
        var line = LineBuffer();
        foreach (var record in records)
        {
            record.AppendTo(line);
        }
        Append(line.WrittenSpan);
    }

    // An install's lines are formatted as UTF-8 into a buffer each thread keeps (written out before the thread formats
    // another): a buffer per install was fresh memory the size of its file list, every time.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_line;

    private static ArrayBufferWriter<byte> LineBuffer()
    {
        var line = t_line ??= new ArrayBufferWriter<byte>(16 * 1024);
        line.ResetWrittenCount();
        return line;
    }

    private void Append(ReadOnlySpan<byte> lines)
    {
        if (lines.IsEmpty)
        {
            return;
        }
        // Appends are serialised so that the file's order is the order in which the changes were announced.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsFinished, this);
            _file.Write(lines);
        }
    }

    /// <summary><paramref name="path"/> (a full, normalised path) below the prefix, refusing anything outside it.</summary>
    private ReadOnlySpan<char> Relative(string path)
    {
        // The common case, a path under the prefix, is its slice; anything else is worked out and checked in full.
        if (path.Length > Prefix.Length + 1 && path[Prefix.Length] == '/' && path.StartsWith(Prefix, StringComparison.Ordinal)
            && PlainPath.IsPlain(path.AsSpan(Prefix.Length + 1)))
        {
            return path.AsSpan(Prefix.Length + 1);
        }
        var relative = Path.GetRelativePath(Prefix, path);
        if (relative == "." || relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative))
        {
            throw new InstallationException($"'{path}' is outside the environment '{Prefix}'; dfi changes nothing outside it.");
        }
        return relative;
    }
}
