using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Install;

/// <summary>
/// Installs an unzipped wheel into an environment as pip (pypa/installer) would: spreads its files by scheme,
/// rewrites <c>#!python</c> scripts, generates entry-point launchers, writes INSTALLER, REQUESTED,
/// direct_url.json and a fresh RECORD (PEP 427, PEP 376, PEP 610). Safe to share between concurrent installs.
/// </summary>
public sealed class WheelInstaller
{
    private const string DistInfoSuffix = ".dist-info";

    private readonly Action<string> _warn;
    private readonly ConcurrentDictionary<(string Directory, string? DistInfoName, string? WheelName), (UnzippedWheel Wheel, CheckedLinks Checked)> _verified = new();
    private int _hardlinkFallback;

    /// <param name="warn">Receives warnings meant for the user (a newer minor Wheel-Version, the hard link and clone fallbacks).</param>
    public WheelInstaller(Action<string>? warn = null)
    {
        _warn = warn ?? (_ => { });
        LinkProbe = new LinkModeProbe(_warn);
    }

    /// <summary>This installer's (so this run's) answers to how files are best placed between two filesystems.</summary>
    internal LinkModeProbe LinkProbe { get; }

    /// <summary>True once a hard link failed (EXDEV/EPERM) and files were copied instead; the warning is given once.</summary>
    public bool HardlinkFellBackToCopy => Volatile.Read(ref _hardlinkFallback) != 0;

    /// <summary>What an install of a verified cache tree reads from it (read once per run and tree, as installs do).</summary>
    internal UnzippedWheel ReadVerified(string wheelDirectory, string? wheelName, CancellationToken ct) =>
        Verified(Path.TrimEndingDirectorySeparator(Path.GetFullPath(wheelDirectory)), null, wheelName, ct).Wheel;

    private (UnzippedWheel Wheel, CheckedLinks? Checked) Verified(string wheelDirectory, string? distInfoName, string? wheelName, CancellationToken ct) =>
        _verified.GetOrAdd((wheelDirectory, distInfoName, wheelName),
            static (key, ct) =>
            {
                var read = Read(key.Directory, key.DistInfoName, key.WheelName, treeIsVerified: true, ct);
                return (read, new CheckedLinks(read.Members.Count));
            }, ct);

    public Task<InstalledDistribution> InstallAsync(WheelInstallRequest request, CancellationToken ct) =>
        InstallAsync(request, journal: null, ct);

    /// <summary>Installs into the journal's environment, listing every target in the journal before the first is created.</summary>
    internal async Task<InstalledDistribution> InstallAsync(WheelInstallRequest request, EnvironmentJournal? journal, CancellationToken ct) =>
        (await InstallWithSourcesAsync(request, journal, ct).ConfigureAwait(false)).Distribution;

    /// <summary>As <see cref="InstallAsync(WheelInstallRequest, EnvironmentJournal?, CancellationToken)"/>, also returning what compiling its bytecode needs.</summary>
    internal async Task<BytecodeInstall> InstallWithSourcesAsync(WheelInstallRequest request, EnvironmentJournal? journal, CancellationToken ct)
    {
        var wheelDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.WheelDirectory));
        // A verified cache tree does not change during the run (each file is still checked against its stamp after it
        // is placed), so a batch reads a wheel's RECORD, WHEEL, METADATA and entry points once, not once per environment.
        var (unzipped, checkedLinks) = request.TreeIsVerified
            ? Verified(wheelDirectory, request.DistInfoName, request.WheelName, ct)
            : (Read(wheelDirectory, request.DistInfoName, request.WheelName, treeIsVerified: false, ct), null);
        var (distInfoName, wheelName, wheel, name, version, _, entryPoints, members, wheelRecord, unheld) = unzipped;
        if (wheel.IsNewerMinor)
        {
            _warn($"Installing {wheelName} from a newer Wheel-Version ({wheel.MajorVersion}.{wheel.MinorVersion}).");
        }

        var libDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(wheel.RootIsPurelib ? request.Scheme.Purelib : request.Scheme.Platlib));
        var layout = new WheelLayout(wheelName, wheelDirectory, libDirectory, request.Scheme);
        var scheme = request.Scheme;
        using var linker = new FileLinker(request.LinkMode, () => HardlinkFellBackToCopy, ReportHardlinkFallback, LinkProbe,
            [libDirectory, scheme.Purelib, scheme.Platlib, scheme.Scripts, scheme.Headers, scheme.Data]);
        var written = new List<RecordEntry>();

        // Files the installer writes itself are not taken from the wheel (pip replaces them too).
        var generated = new HashSet<string>(StringComparer.Ordinal) { $"{distInfoName}/{RecordFile.FileName}", $"{distInfoName}/INSTALLER" };
        if (request.Requested)
        {
            generated.Add($"{distInfoName}/REQUESTED");
        }
        if (request.DirectUrlJson is not null)
        {
            generated.Add($"{distInfoName}/direct_url.json");
        }

        try
        {
            var placements = new List<WheelPlacement>(members.Count);
            var placed = new List<int>(members.Count);
            for (var index = 0; index < members.Count; index++)
            {
                if (!generated.Contains(members[index]))
                {
                    placements.Add(layout.Resolve(members[index]));
                    placed.Add(index);
                }
            }
            var consoleScripts = request.InterpreterVersion is var (major, minor)
                ? VersionedScripts.ForInterpreter(entryPoints.ConsoleScripts, major, minor)
                : entryPoints.ConsoleScripts;
            var scripts = consoleScripts.Concat(entryPoints.GuiScripts)
                .Select(entryPoint => (EntryPoint: entryPoint, Target: Path.Combine(request.Scheme.Scripts, entryPoint.Name)))
                .ToList();
            var distInfoTarget = Path.Combine(libDirectory, distInfoName);
            // The whole list in one journal write, before the first link: a kill at any later moment leaves a journal
            // naming every file this install may have created.
            journal?.RecordInstall(placements.Select(placement => placement.Target)
                .Concat(scripts.Select(script => script.Target))
                .Concat(generated.Select(member => Path.Combine(distInfoTarget, member[(distInfoName.Length + 1)..]))));

            var check = new LinkCheck(request.ExpectedFiles, checkedLinks, wheelName);
            for (var i = 0; i < placements.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                written.Add(await InstallFileAsync(placements[i], placed[i], wheelRecord, linker, libDirectory, request.InterpreterPath, request.TreeIsVerified, check, ct).ConfigureAwait(false));
            }

            // pip copies the rows of files the wheel lists but does not hold, as they are: its uninstall skips them.
            foreach (var row in unheld)
            {
                if (!generated.Contains(row.Path))
                {
                    written.Add(row);
                }
            }

            foreach (var (entryPoint, target) in scripts)
            {
                // POSIX launchers for gui_scripts are the same as for console_scripts (distlib makes no pythonw there).
                var launcher = ScriptLauncher.BuildLauncher(entryPoint, request.InterpreterPath);
                linker.Write(target, launcher, PipFileModes.Launcher);
                written.Add(Generated(libDirectory, target, launcher));
            }

            linker.EnsureDirectory(distInfoTarget);
            WriteMetadataFile(Path.Combine(distInfoTarget, "INSTALLER"), Encoding.UTF8.GetBytes(request.InstallerName + "\n"));
            if (request.Requested)
            {
                WriteMetadataFile(Path.Combine(distInfoTarget, "REQUESTED"), []);
            }
            if (request.DirectUrlJson is { } directUrl)
            {
                WriteMetadataFile(Path.Combine(distInfoTarget, "direct_url.json"), Encoding.UTF8.GetBytes(directUrl));
            }
            // RECORD lists itself without hash or size (PEP 376): it cannot contain its own hash.
            written.Add(new RecordEntry($"{distInfoName}/{RecordFile.FileName}", null, null));
            linker.Write(Path.Combine(distInfoTarget, RecordFile.FileName), FormatRecord(written).WrittenSpan, PipFileModes.Plain);
            return new BytecodeInstall(new InstalledDistribution(name, version, distInfoTarget), libDirectory, written, placements);
        }
        catch (IOException e)
        {
            throw new InstallationException($"Cannot install {wheelName}: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InstallationException($"Cannot install {wheelName}: {e.Message}", e);
        }

        void WriteMetadataFile(string path, byte[] content)
        {
            linker.Write(path, content, PipFileModes.Plain);
            written.Add(Generated(libDirectory, path, content));
        }
    }

    /// <summary>Rewrites the RECORD of <paramref name="install"/> with a row per file in <paramref name="bytecode"/>, without hash or size as pip lists .pyc files.</summary>
    internal static void AddToRecord(BytecodeInstall install, IEnumerable<string> bytecode)
    {
        var rows = install.Record.Concat(bytecode.Select(path => new RecordEntry(RecordPath(install.LibDirectory, path), null, null)));
        // The RECORD is this run's own file (written, never linked), so it is replaced whole like any generated file.
        var linker = new FileLinker(LinkMode.Copy, () => true, () => { });
        linker.Write(Path.Combine(install.Distribution.DistInfoPath, RecordFile.FileName), FormatRecord(rows).WrittenSpan, PipFileModes.Plain);
    }

    // The RECORD's bytes are written out as soon as they are formatted, so each thread keeps one buffer for them.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_record;

    // Rows are sorted and end in CRLF because that is what pip writes, and a dfi install should read like pip's.
    // The result is the thread's buffer: written out before anything else formats a RECORD on this thread.
    private static ArrayBufferWriter<byte> FormatRecord(IEnumerable<RecordEntry> rows)
    {
        var sorted = rows.OrderBy(entry => entry.Path, StringComparer.Ordinal).ToList();
        var output = t_record ??= new ArrayBufferWriter<byte>(16 * 1024);
        output.ResetWrittenCount();
        RecordFile.FormatUtf8(sorted, "\r\n", output);
        return output;
    }

    private void ReportHardlinkFallback()
    {
        if (Interlocked.Exchange(ref _hardlinkFallback, 1) == 0)
        {
            _warn("Failed to hard link files from the cache into the environment (different filesystems?); copying instead.");
        }
    }

    // A linked file completes without awaiting anything: a ValueTask spares a Task per file.
    private static async ValueTask<RecordEntry> InstallFileAsync(
        WheelPlacement placement,
        int member,
        IReadOnlyDictionary<string, RecordEntry> wheelRecord,
        FileLinker linker,
        string libDirectory,
        string interpreter,
        bool treeIsVerified,
        LinkCheck check,
        CancellationToken ct)
    {
        var wheelName = check.WheelName;
        // A verified cache tree has every listed file; checking again would cost a stat per file on the warm path.
        if (!treeIsVerified && !File.Exists(placement.Source))
        {
            throw new InstallationException($"{wheelName} lists '{placement.Member}' in its RECORD but the unzipped wheel has no such file.");
        }
        if (placement.IsScript && await StartsWithPythonShebangAsync(placement.Source, ct).ConfigureAwait(false))
        {
            // A rewritten script differs from the cache's bytes, so it is written, never linked. pip keeps the mode the
            // wheel gave it (executable only when the archive says so), and so does this.
            var original = await File.ReadAllBytesAsync(placement.Source, ct).ConfigureAwait(false);
            var rewritten = ScriptLauncher.RewriteShebang(original, interpreter);
            var executable = OperatingSystem.IsWindows() || (File.GetUnixFileMode(placement.Source) & UnixFileMode.UserExecute) != 0;
            EnsureUnchanged(placement, check, linker);
            linker.Write(placement.Target, rewritten, executable ? PipFileModes.Executable : PipFileModes.Plain);
            return Generated(libDirectory, placement.Target, rewritten);
        }

        var hardLinked = linker.Place(placement.SourceDirectory, placement.SourceRelative, placement.Target);
        // A hard link is the cache's inode itself: once one link of it was found unchanged in this run, a later
        // environment's link is that same file, and a change after that check reached every earlier environment
        // too, where no later check could undo it. Copies and clones read the file anew, so each one is checked.
        if (!hardLinked || check.Checked is not { } checkedLinks || !checkedLinks.Contains(member))
        {
            EnsureUnchanged(placement, check, linker);
            if (hardLinked)
            {
                check.Checked?.Add(member);
            }
        }
        // The wheel's row is kept as it is, an empty hash or size too, and a file its RECORD does not list gets an empty
        // row: pip and uv do the same (pip rehashes only the scripts it rewrote), and the cache stage already checked
        // every hash that is there. For a mended cache tree these are the wheel's own rows, not the tree's.
        if (!wheelRecord.TryGetValue(placement.Member, out var known))
        {
            return new RecordEntry(RecordPath(libDirectory, placement.Target), null, null);
        }
        // A file placed at its own path under the library folder has the wheel's row as it is.
        return IsAt(libDirectory, placement.Member, placement.Target) ? known : new RecordEntry(RecordPath(libDirectory, placement.Target), known.Hash, known.Size);
    }

    /// <summary>
    /// Refuses the install when a cache file changed after the entry was checked (the check and the link are moments
    /// apart): stat-ed after it was placed, so a change up to the link itself is caught. The transaction rolls back.
    /// </summary>
    private static void EnsureUnchanged(WheelPlacement placement, LinkCheck check, FileLinker linker)
    {
        var (expected, _, wheelName) = check;
        if (expected is null)
        {
            return;
        }
        var folder = linker.SourceFolder(placement.SourceDirectory);
        var problem = folder is null
            ? expected.Mismatch(placement.Member, placement.SourceDirectory, placement.SourceRelative)
            : expected.Mismatch(placement.Member, folder, placement.SourceRelative);
        if (problem is not null)
        {
            throw new InstallationException(
                $"Cannot install {wheelName}: its cache entry changed after it was checked ({problem}); nothing of it is installed. Run the command again to make the entry again.");
        }
    }

    private static bool IsAt(string libDirectory, string member, string target) =>
        target.Length == libDirectory.Length + 1 + member.Length && target[libDirectory.Length] == '/'
        && target.StartsWith(libDirectory, StringComparison.Ordinal) && target.EndsWith(member, StringComparison.Ordinal);

    private static RecordEntry Generated(string libDirectory, string path, byte[] content) =>
        new(RecordPath(libDirectory, path), RecordHash.Compute(content), content.Length);

    /// <summary>RECORD paths are relative to the folder holding the .dist-info, with "../" for other schemes.</summary>
    private static string RecordPath(string libDirectory, string path) =>
        Path.GetRelativePath(libDirectory, path).Replace(Path.DirectorySeparatorChar, '/');

    private static async Task<bool> StartsWithPythonShebangAsync(string path, CancellationToken ct)
    {
        var head = new byte[8];
        await using var stream = File.OpenRead(path);
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        return ScriptLauncher.NeedsShebangRewrite(head.AsSpan(0, read));
    }

    private static UnzippedWheel Read(string wheelDirectory, string? distInfoName, string? wheelName, bool treeIsVerified, CancellationToken ct)
    {
        distInfoName ??= FindDistInfo(wheelDirectory, wheelName ?? Path.GetFileName(wheelDirectory));
        wheelName ??= distInfoName[..^DistInfoSuffix.Length];
        var distInfoSource = Path.Combine(wheelDirectory, distInfoName);
        if (!Directory.Exists(distInfoSource))
        {
            throw new InstallationException($"{wheelName} has no {distInfoName} folder.");
        }
        var headers = WheelFileHeaders.Read(Path.Combine(distInfoSource, "WHEEL"), wheelName);
        var (name, version) = SitePackages.ReadNameAndVersion(Path.Combine(distInfoSource, "METADATA"))
            ?? throw new InstallationException($"{wheelName} has no Name and Version in {distInfoName}/METADATA.");
        var recordPath = Path.Combine(distInfoSource, RecordFile.FileName);
        var record = ReadWheelRecord(recordPath, wheelName, distInfoName);
        var entryPoints = ReadEntryPoints(distInfoSource, wheelName, ct);
        var members = Members(wheelDirectory, distInfoName, record, treeIsVerified).ToList();
        var ownPath = Path.Combine(Path.GetDirectoryName(wheelDirectory)!, CacheEntry.WheelRecordFileName);
        if (treeIsVerified && Path.GetFileName(wheelDirectory) == CacheEntry.TreeFolderName && File.Exists(ownPath))
        {
            var own = ReadWheelRecord(ownPath, wheelName, distInfoName);
            var held = members.ToHashSet(StringComparer.Ordinal);
            var unheld = own.Values.Where(row => !held.Contains(row.Path) && row.Path != $"{distInfoName}/{RecordFile.FileName}").ToList();
            return new UnzippedWheel(distInfoName, wheelName, headers, name, version, record, entryPoints, members, own, unheld);
        }
        // Every row names a member but a folder's (a row ending in '/'), which some wheels list.
        var folders = record.Values.Where(row => row.Path.EndsWith('/')).ToList();
        return new UnzippedWheel(distInfoName, wheelName, headers, name, version, record, entryPoints, members, record, folders);
    }

    /// <summary>The wheel's RECORD members in order, then any unzipped file it does not list (pip installs every member).</summary>
    private static IEnumerable<string> Members(string wheelDirectory, string distInfoName, IReadOnlyDictionary<string, RecordEntry> wheelRecord, bool treeIsVerified)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in wheelRecord.Keys)
        {
            if (!path.EndsWith('/') && seen.Add(path))
            {
                yield return path;
            }
        }
        if (treeIsVerified)
        {
            // The cache's unzip leaves RECORD listing every file of the tree (it adds rows for members the wheel's RECORD
            // left out), but for RECORD's own signatures (PEP 427).
            foreach (var signature in new[] { "RECORD.jws", "RECORD.p7s" })
            {
                var member = $"{distInfoName}/{signature}";
                if (File.Exists(Path.Combine(wheelDirectory, member)) && seen.Add(member))
                {
                    yield return member;
                }
            }
            yield break;
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var file in Directory.EnumerateFiles(wheelDirectory, "*", options))
        {
            var member = Path.GetRelativePath(wheelDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
            if (seen.Add(member))
            {
                yield return member;
            }
        }
    }

    private static Dictionary<string, RecordEntry> ReadWheelRecord(string path, string wheelName, string distInfoName)
    {
        if (!File.Exists(path))
        {
            throw new InstallationException($"{wheelName} has no {distInfoName}/RECORD file.");
        }
        try
        {
            var entries = RecordFile.Read(path);
            // Insertion order is kept by Dictionary as long as nothing is removed; install in RECORD order.
            var map = new Dictionary<string, RecordEntry>(entries.Count, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                map.TryAdd(entry.Path, entry);
            }
            return map;
        }
        catch (FormatException e)
        {
            throw new InstallationException($"{wheelName} has an invalid RECORD: {e.Message}", e);
        }
    }

    private static EntryPoints ReadEntryPoints(string distInfoSource, string wheelName, CancellationToken ct)
    {
        var path = Path.Combine(distInfoSource, EntryPoints.FileName);
        if (!File.Exists(path))
        {
            return EntryPoints.Empty;
        }
        try
        {
            ct.ThrowIfCancellationRequested();
            return EntryPoints.Parse(SmallFile.ReadUtf8Text(path));
        }
        catch (FormatException e)
        {
            throw new InstallationException($"{wheelName}: {e.Message}", e);
        }
    }

    private static string FindDistInfo(string wheelDirectory, string wheelName)
    {
        var found = Directory.GetDirectories(wheelDirectory, "*" + DistInfoSuffix, new EnumerationOptions { AttributesToSkip = 0 });
        return found.Length switch
        {
            1 => Path.GetFileName(found[0]),
            0 => throw new InstallationException($"{wheelName} has no .dist-info folder."),
            _ => throw new InstallationException(
                $"{wheelName} has several .dist-info folders: {string.Join(", ", found.Select(Path.GetFileName).Order(StringComparer.Ordinal))}."),
        };
    }
}
