using System.Diagnostics;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Environments;
using Serilog;

namespace Dataflow.Installer.Commands;

/// <summary>Runs <c>dfi venv</c>.</summary>
internal sealed class VenvCommand(ILogger log)
{
    public async Task<int> RunAsync(VenvOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interpreter = TargetEnvironment.FindOnPath(options.Python ?? "python3");
        var cache = new CacheRoot(options.CacheDir ?? CacheRoot.DefaultPath());
        cache.EnsureCreated();
        var query = await PythonInterpreter.QueryAsync(interpreter, cache.Path, cancellationToken).ConfigureAwait(false);
        var python = VirtualEnvironmentCreator.Create(options.Directory, query, options.SystemSitePackages, options.Prompt);
        // Asking the new environment now fills the interpreter cache, so the first sync into it starts no Python,
        // and proves the environment works before anyone relies on it.
        var created = await PythonInterpreter.QueryAsync(python, cache.Path, cancellationToken).ConfigureAwait(false);
        if (!created.Info.IsVirtualEnvironment)
        {
            throw new InterpreterException($"The environment at {options.Directory} was created but its interpreter does not see it as a virtual environment.");
        }
        log.Information("Created {Directory} from {Base}", options.Directory, query.BaseExecutable);
        Console.Out.WriteLine($"Created virtual environment at {options.Directory} with Python {query.Info.FullVersion} in {clock.Elapsed.TotalSeconds:0.00}s");
        Console.Out.WriteLine($"Interpreter: {python}");
        return options.Seed ? await SeedAsync(options, python, created.Info, query.BaseExecutable, cancellationToken).ConfigureAwait(false) : ExitCodes.Success;
    }

    // What `python -m venv` puts in by default, from the same wheels (the interpreter's ensurepip ones): a dfi sync of
    // them from that folder alone, so no index is asked.
    private async Task<int> SeedAsync(VenvOptions options, string python, InterpreterInfo info, string baseExecutable, CancellationToken cancellationToken)
    {
        var (folder, wheels) = await EnsurepipWheels.FindAsync(python, info, cancellationToken).ConfigureAwait(false)
            ?? throw new InterpreterException(
                $"--seed installs the pip wheel Python ships for ensurepip, and {baseExecutable} ships none (Debian and Ubuntu put it in the " +
                "python3-pip-whl package); the environment was created without it. Install pip into it with `dfi sync` from an index instead.");
        var requirements = Path.Combine(Path.GetTempPath(), $"dfi-seed-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        try
        {
            await File.WriteAllLinesAsync(requirements,
                ["--no-index", $"--find-links \"{folder}\"", .. wheels.Select(wheel => $"{wheel.Name}=={wheel.Version}")], cancellationToken).ConfigureAwait(false);
            var sync = new SyncOptions
            {
                Requirements = [requirements],
                Python = python,
                CacheDir = options.CacheDir,
                Quiet = options.Quiet,
                Verbose = options.Verbose,
                NoProgress = options.NoProgress,
            };
            return await new SyncCommand(log).RunAsync(sync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(requirements);
        }
    }
}
