using System.Collections.Concurrent;

namespace Dataflow.Installer.Install;

/// <summary>
/// Finds, once per run and per pair of filesystems (the cache's, the environment's), how cache files are best placed:
/// a clone, else a hard link, else a copy. Every later install between the same pair uses the answer directly, so a
/// filesystem without reflinks costs one failed ioctl per run rather than one per file. Thread-safe; one per run.
/// </summary>
internal sealed class LinkModeProbe
{
    private const int ENOSYS = 38;

    private readonly ConcurrentDictionary<(string Cache, string Target), Lazy<LinkMode>> _answers = new();
    private readonly Action<string> _warn;
    private int _cloneFallbackWarned;
    private int _cloneAttempts;
    private int _probes;

    /// <param name="warn">Receives the one warning per run given when <see cref="LinkMode.Clone"/> was asked for and cannot be had.</param>
    public LinkModeProbe(Action<string>? warn = null)
    {
        _warn = warn ?? (_ => { });
    }

    /// <summary>FICLONE ioctls tried so far, the probes' included (tests count them).</summary>
    public int CloneAttempts => Volatile.Read(ref _cloneAttempts);

    /// <summary>Probes run so far: one per pair of filesystems met.</summary>
    public int Probes => Volatile.Read(ref _probes);

    /// <summary>
    /// The way to place files from <paramref name="source"/>'s filesystem into <paramref name="target"/>'s folder:
    /// <see cref="LinkMode.Clone"/>, <see cref="LinkMode.Hardlink"/> or <see cref="LinkMode.Copy"/>. The first call for
    /// a pair probes by cloning (then hard linking) <paramref name="source"/> to a temp sibling of <paramref name="target"/>.
    /// </summary>
    /// <param name="requested"><see cref="LinkMode.Auto"/> falls back silently; <see cref="LinkMode.Clone"/> warns once per run.</param>
    public LinkMode Resolve(LinkMode requested, string source, string target)
    {
        // FICLONE is Linux's; elsewhere Auto is the hard link it always was (and .NET's File.Copy clones on macOS by itself).
        var answer = OperatingSystem.IsLinux()
            ? _answers.GetOrAdd(Key(source, target), static (_, state) =>
                new Lazy<LinkMode>(() => state.Probe.Probe(state.Source, state.Target)), (Probe: this, Source: source, Target: target)).Value
            : LinkMode.Hardlink;
        if (requested == LinkMode.Clone && answer != LinkMode.Clone && Interlocked.Exchange(ref _cloneFallbackWarned, 1) == 0)
        {
            _warn("Cannot clone files from the cache into the environment (no reflink support on this filesystem, "
                + $"or two filesystems); {(answer == LinkMode.Hardlink ? "hard linking" : "copying")} instead.");
        }
        return answer;
    }

    /// <summary>Clones <paramref name="source"/> into the new file <paramref name="target"/>; returns 0 or the errno (see <see cref="CloneNative.CloneNew"/>).</summary>
    public int Clone(string source, string target)
    {
        Interlocked.Increment(ref _cloneAttempts);
        try
        {
            return CloneNative.CloneNew(source, target);
        }
        catch (EntryPointNotFoundException)
        {
            // A libc without statx (glibc before 2.28): no clones, hard links still work.
            return ENOSYS;
        }
    }

    private LinkMode Probe(string source, string target)
    {
        Interlocked.Increment(ref _probes);
        // A real cache file rather than one made for the purpose: it is certainly on the cache's filesystem, and the cache
        // may be read-only to this user. A temp sibling of a target the journal lists, so that a kill mid-probe is cleaned up.
        var probe = FileLinker.TempSibling(target);
        try
        {
            if (Clone(source, probe) == 0)
            {
                return LinkMode.Clone;
            }
            return LibC.Link(source, probe) == 0 ? LinkMode.Hardlink : LinkMode.Copy;
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    // Devices rather than paths: every environment on one disk shares one probe. Paths stand in where statx is missing.
    private static (string, string) Key(string source, string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        return (CloneNative.DeviceOf(source) ?? Path.GetDirectoryName(source)!, CloneNative.DeviceOf(folder) ?? folder);
    }
}
