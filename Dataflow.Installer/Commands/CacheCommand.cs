using System.Diagnostics;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Standards;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>
/// Runs <c>dfi cache</c>. Readers (<c>stats</c>, <c>export</c>) take the cache's lock shared, so they run beside syncs;
/// commands that remove or add entries (<c>clean</c>, <c>prune</c>, <c>import</c>) take it exclusive.
/// </summary>
internal sealed class CacheCommand(ILogger log, TextWriter? output = null)
{
    private readonly TextWriter _output = output ?? Console.Out;

    public async Task<int> RunAsync(CacheOptions options, CancellationToken cancellationToken)
    {
        var cache = new CacheRoot(options.CacheDir ?? CacheRoot.DefaultPath());
        var arguments = options.Arguments.ToList();
        if (options.Ci && options.Command != "prune")
        {
            throw new UsageException("--ci applies to 'dfi cache prune' only.");
        }
        if (options.OnlyBuilt && options.Command != "export")
        {
            throw new UsageException("--only-built applies to 'dfi cache export' only.");
        }
        if (options.LockTimeout < 0 || double.IsNaN(options.LockTimeout))
        {
            throw new UsageException("--lock-timeout must be a number of seconds, 0 or more.");
        }
        var timeout = TimeSpan.FromSeconds(options.LockTimeout);

        switch (options.Command)
        {
            case "dir":
                NoArguments(options.Command, arguments);
                _output.WriteLine(cache.Path);
                return ExitCodes.Success;
            case "stats":
                NoArguments(options.Command, arguments);
                using (Lock(cache, exclusive: false, timeout, cancellationToken))
                {
                    CacheReport.WriteStatistics(_output, cache.Path, CacheStatistics.Compute(cache, cancellationToken));
                }
                return ExitCodes.Success;
            case "clean":
                return Clean(cache, arguments, options.Verbose > 0, timeout, cancellationToken);
            case "prune":
                NoArguments(options.Command, arguments);
                using (Lock(cache, exclusive: true, timeout, cancellationToken))
                {
                    var removed = new CachePruner(cache, TimeProvider.System).Prune(options.Ci, cancellationToken);
                    CacheReport.WriteRemovals(_output, "Pruned", removed, options.Verbose > 0);
                }
                return ExitCodes.Success;
            case "export":
                return await ExportAsync(cache, OneFile(options.Command, arguments), options.OnlyBuilt, timeout, cancellationToken).ConfigureAwait(false);
            case "import":
                return await ImportAsync(cache, OneFile(options.Command, arguments), timeout, cancellationToken).ConfigureAwait(false);
            default:
                throw new UsageException($"Unknown cache command '{options.Command}'; expected dir, stats, clean, prune, export or import.");
        }
    }

    private int Clean(CacheRoot cache, List<string> arguments, bool everyLine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var projects = new List<PackageName>();
        foreach (var argument in arguments)
        {
            if (!PackageName.TryParse(argument, out var project))
            {
                throw new UsageException($"'{argument}' is not a project name.");
            }
            projects.Add(project);
        }
        using (Lock(cache, exclusive: true, timeout, cancellationToken))
        {
            if (projects.Count == 0)
            {
                var removed = new CacheCleaner(cache).CleanAll(cancellationToken);
                CacheReport.WriteRemovals(_output, "Cleaned", removed, everyLine: true);
                return ExitCodes.Success;
            }
            var found = new CacheCleaner(cache).CleanProjects(projects, cancellationToken);
            CacheReport.WriteRemovals(_output, "Cleaned", found, everyLine);
            if (found.Count == 0)
            {
                _output.WriteLine($"Nothing cached for {string.Join(", ", projects)}.");
            }
            return ExitCodes.Success;
        }
    }

    private async Task<int> ExportAsync(CacheRoot cache, string file, bool onlyBuilt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int entries;
        using (Lock(cache, exclusive: false, timeout, cancellationToken))
        {
            entries = await new CacheExporter(cache).ExportAsync(file, onlyBuilt, cancellationToken).ConfigureAwait(false);
        }
        var size = new FileInfo(file).Length;
        _output.WriteLine($"Exported {entries} entr{(entries == 1 ? "y" : "ies")} to {file} ({CacheReport.Size(size)}) in {clock.Elapsed.TotalSeconds:0.00}s");
        return ExitCodes.Success;
    }

    private async Task<int> ImportAsync(CacheRoot cache, string file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"{file} does not exist.");
        }
        var clock = Stopwatch.StartNew();
        ImportResult result;
        using (Lock(cache, exclusive: true, timeout, cancellationToken))
        {
            result = await new CacheImporter(cache).ImportAsync(file, cancellationToken).ConfigureAwait(false);
        }
        foreach (var ignored in result.Ignored)
        {
            log.Warning("Ignored {Member}", ignored);
        }
        foreach (var rejected in result.Rejected)
        {
            log.Warning("Skipped {Entry}", rejected);
        }
        _output.WriteLine($"Imported {result.Published} new entr{(result.Published == 1 ? "y" : "ies")} from {file} " +
            $"({result.AlreadyCached} already cached, {result.Rejected.Count} rejected) in {clock.Elapsed.TotalSeconds:0.00}s");
        return result.Rejected.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private CacheLock Lock(CacheRoot cache, bool exclusive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cache.EnsureCreated();
        log.Debug("Waiting up to {Timeout}s for {Kind} access to {Cache}", timeout.TotalSeconds, exclusive ? "exclusive" : "shared", cache.Path);
        return exclusive
            ? CacheLock.AcquireExclusive(cache, timeout, cancellationToken)
            : CacheLock.AcquireShared(cache, timeout, cancellationToken);
    }

    private static void NoArguments(string command, List<string> arguments)
    {
        if (arguments.Count > 0)
        {
            throw new UsageException($"'dfi cache {command}' takes no arguments (got '{string.Join(' ', arguments)}').");
        }
    }

    private static string OneFile(string command, List<string> arguments) =>
        arguments.Count == 1 ? arguments[0] : throw new UsageException($"'dfi cache {command}' takes one archive, FILE.tar.zst.");
}
