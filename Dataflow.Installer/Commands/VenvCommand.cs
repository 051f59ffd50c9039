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
        return ExitCodes.Success;
    }
}
