using System.Diagnostics;

namespace Dataflow.Installer.Cache;

/// <summary>
/// Finds the <c>.tmp</c> folders of runs that are gone, and their owner files. A folder whose owner file exists is judged
/// by its owner lock alone (<see cref="RunOwner"/>), which holds across containers and hosts; a folder without one (an
/// older dfi's, or one whose owner file could not be made) by the process id in its name and how long it has been quiet.
/// </summary>
internal sealed class TempSweep(CacheRoot cache, TimeProvider clock)
{
    /// <summary>How long a folder without an owner file must be quiet to be removed whatever its process id says.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    /// <summary>How long a folder without an owner file must be quiet to be removed at a run's start when its PID is not running.</summary>
    public static readonly TimeSpan DeadPidQuiet = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a dead owner's folder, or an owner file no folder names, must be quiet: an owner file is made and
    /// locked a moment before its first folder, and a sweep must not catch it in between.
    /// </summary>
    public static readonly TimeSpan DeadOwnerGrace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Hands each temp folder of a dead run to <paramref name="dropFolder"/>, then each owner file whose lock nobody
    /// holds and that no remaining folder names to <paramref name="dropOwnerFile"/>. This process's own owner file is
    /// never handed over, nor, at a run's start, its own folders.
    /// </summary>
    public void Sweep(bool atRunStart, Action<string, string> dropFolder, Action<string, string> dropOwnerFile)
    {
        var bucket = cache.Bucket(CacheRoot.TempBucket);
        var own = RunOwner.CurrentToken(cache);
        var children = Directory.Exists(bucket) ? Directory.EnumerateFileSystemEntries(bucket).ToList() : [];
        foreach (var child in children)
        {
            if (IsLeftByDeadRun(child, own, atRunStart))
            {
                dropFolder(child, "left by a killed run");
            }
        }

        var owners = RunOwner.Folder(cache);
        if (!Directory.Exists(owners))
        {
            return;
        }
        // Listed after the folders went, so that an owner whose last folder was just removed goes too.
        var named = children.Where(Path.Exists)
            .Select(child => RunOwner.TokenIn(Path.GetFileName(child)))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(owners, "*" + RunOwner.FileSuffix).ToList())
        {
            var token = Path.GetFileName(file)[..^RunOwner.FileSuffix.Length];
            if (token != own && !named.Contains(token) && QuietFor(file) > DeadOwnerGrace
                && RunOwner.Probe(cache, token) == RunOwnerState.Dead)
            {
                dropOwnerFile(file, "owner file of a killed run");
            }
        }
    }

    private bool IsLeftByDeadRun(string child, string? own, bool atRunStart)
    {
        var name = Path.GetFileName(child);
        var quiet = QuietFor(child);
        var token = RunOwner.TokenIn(name);
        if (token is not null && token == own)
        {
            // A run starting in this process (a batch's next environment, a build environment's nested run) must not
            // take a folder from under this process's own long build. Prune runs under the exclusive cache lock, so no
            // run of this process stages anything then, and its own quiet folders are debris.
            return !atRunStart && quiet > StaleAfter;
        }
        switch (token is null ? RunOwnerState.Unknown : RunOwner.Probe(cache, token))
        {
            case RunOwnerState.Alive:
                return false;
            case RunOwnerState.Dead:
                return quiet > DeadOwnerGrace;
        }
        if (atRunStart)
        {
            var mine = name.Contains($"-{Environment.ProcessId}-", StringComparison.Ordinal);
            return quiet > StaleAfter || (quiet > DeadPidQuiet && !mine && !PidIsAlive(name));
        }
        return quiet > StaleAfter && !PidIsAlive(name);
    }

    private TimeSpan QuietFor(string path) => clock.GetUtcNow().UtcDateTime - Directory.GetLastWriteTimeUtc(path);

    /// <summary>Temp folders are named <c>purpose-[owner guid-]PID-guid</c>; a running PID here keeps a folder without an owner file.</summary>
    private static bool PidIsAlive(string name)
    {
        var parts = name.Split('-');
        if (parts.Length < 3 || !int.TryParse(parts[^2], out var pid) || pid == Environment.ProcessId)
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
