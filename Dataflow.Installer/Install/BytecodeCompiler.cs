using System.Collections.Concurrent;

namespace Dataflow.Installer.Install;

/// <summary>
/// <c>--compile-bytecode</c>: compiles the modules a run installed into an environment, inside its transaction, with one
/// pool of workers per interpreter that every environment of the run shares; disposing it ends every worker.
/// </summary>
internal sealed class BytecodeCompiler(int workersPerInterpreter, Action<string> warn, string? workerScript = null) : IDisposable
{
    private const string CacheFolder = "__pycache__";

    private readonly ConcurrentDictionary<string, Lazy<BytecodeWorkerPool>> _pools = new(StringComparer.Ordinal);

    /// <summary>
    /// Compiles the sources of <paramref name="installs"/> with <paramref name="interpreter"/> and lists each
    /// <c>.pyc</c> written in its distribution's RECORD. Every <c>.pyc</c> is in <paramref name="journal"/> before it is
    /// written, so a rollback removes it. A file that does not compile is a warning, never a failure, as with pip.
    /// </summary>
    public async Task CompileAsync(string interpreter, IReadOnlyList<BytecodeInstall> installs, EnvironmentJournal journal, CancellationToken cancellationToken)
    {
        var sources = installs.SelectMany(install => install.Sources).Distinct(StringComparer.Ordinal).ToList();
        if (sources.Count == 0)
        {
            return;
        }
        var pool = Pool(interpreter);
        IReadOnlyList<BytecodeResult> results;
        Dictionary<string, string> bytecode;
        try
        {
            var cacheTag = await pool.CacheTagAsync(cancellationToken).ConfigureAwait(false);
            if (cacheTag.Length == 0)
            {
                warn($"No bytecode was compiled: {interpreter} has no sys.implementation.cache_tag, so it reads no .pyc files.");
                return;
            }
            // A script's source is named through the library folder ("site-packages/../../../bin/x.py"); its .pyc is the same file either way.
            bytecode = sources.ToDictionary(source => source, source => Path.GetFullPath(BytecodePath(source, cacheTag)), StringComparer.Ordinal);
            journal.RecordInstall(bytecode.Values);
            results = await pool.CompileAsync(sources, cancellationToken).ConfigureAwait(false);
        }
        catch (BytecodeException exception)
        {
            // The environment is complete without bytecode; Python writes it on first import where it can.
            warn($"No bytecode was compiled: {exception.Message}");
            return;
        }

        var compiled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.Succeeded)
            {
                compiled.Add(result.Source);
            }
            else
            {
                warn($"Cannot compile {result.Source}: {result.Error}");
                RemoveLeftovers(bytecode[result.Source]);
            }
        }
        foreach (var install in installs)
        {
            var written = install.Sources.Where(compiled.Contains).Select(source => bytecode[source]).ToList();
            if (written.Count > 0)
            {
                WheelInstaller.AddToRecord(install, written);
            }
        }
    }

    /// <summary>Where Python reads a source's bytecode from: <c>__pycache__/NAME.TAG.pyc</c> beside it (PEP 3147), no optimisation tag (PEP 488).</summary>
    public static string BytecodePath(string source, string cacheTag)
    {
        var name = Path.GetFileName(source);
        var stem = name.EndsWith(".py", StringComparison.Ordinal) ? name[..^".py".Length] : Path.GetFileNameWithoutExtension(name);
        return Path.Combine(Path.GetDirectoryName(source)!, CacheFolder, $"{stem}.{cacheTag}.pyc");
    }

    /// <summary>How many interpreters have a pool: environments whose <c>python</c> links to one binary share it.</summary>
    internal int PoolCount => _pools.Count;

    // A virtual environment's python is a symbolic link to its base interpreter (PEP 405), and bytecode depends only on
    // the binary, so the environments of a batch made from one interpreter share one pool of workers running it.
    private BytecodeWorkerPool Pool(string interpreter) => _pools.GetOrAdd(
        Resolve(interpreter),
        key => new Lazy<BytecodeWorkerPool>(() => new BytecodeWorkerPool(key, workersPerInterpreter, workerScript))).Value;

    private static string Resolve(string interpreter)
    {
        try
        {
            return new FileInfo(interpreter).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? interpreter;
        }
        catch (IOException)
        {
            // A broken link: the pool's start reports it.
            return interpreter;
        }
    }

    /// <summary>
    /// A worker that died while writing leaves py_compile's temporary <c>NAME.TAG.pyc.NUMBER</c>; nothing lists it, so
    /// it is removed here, with a <c>__pycache__</c> left empty, so that uninstalling leaves no folder behind.
    /// </summary>
    private static void RemoveLeftovers(string pyc)
    {
        var folder = Path.GetDirectoryName(pyc)!;
        try
        {
            if (!Directory.Exists(folder))
            {
                return;
            }
            var prefix = Path.GetFileName(pyc) + ".";
            foreach (var file in Directory.EnumerateFiles(folder, prefix + "*"))
            {
                if (Path.GetFileName(file)[prefix.Length..].All(char.IsAsciiDigit))
                {
                    File.Delete(file);
                }
            }
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        foreach (var pool in _pools.Values.Where(pool => pool.IsValueCreated))
        {
            pool.Value.Dispose();
        }
    }
}
