using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;
using CommandLine;
using Dataflow.Installer.Commands;
using Dataflow.Installer.Configuration;
using Serilog;

namespace Dataflow.Installer;

internal static class Program
{
    // CommandLineParser finds options by reflection; these keep the option classes whole in a trimmed native build.
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(SyncOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(VenvOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(RepairOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(BatchOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(WarmOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CacheOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(InstallOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(GlobalOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ListOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(FreezeOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CheckOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ShowOptions))]
    public static async Task<int> Main(string[] args)
    {
        if (IsVersionRequest(args))
        {
            await Console.Out.WriteLineAsync($"dfi {ProductInfo.Version}").ConfigureAwait(false);
            return ExitCodes.Success;
        }
        args = OptionAliases.Rewrite(args);
        ConfiguredCommandLine configured;
        try
        {
            configured = ConfiguredCommandLine.Build(args, EnvironmentConfiguration.CurrentVariables(), Environment.CurrentDirectory);
        }
        catch (ConfigurationException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        foreach (var warning in configured.Warnings)
        {
            await Console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        using var cancellation = new CancellationTokenSource();
        var signalExitCode = 0;
        // Cancel the run's token instead of dying, so that scratch folders are removed and the environment is left whole.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, ExitCodes.Interrupted));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, ExitCodes.Terminated));

        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = Console.Error;
            settings.CaseInsensitiveEnumValues = true;
            settings.AllowMultiInstance = true;
        });
        var parsed = parser.ParseArguments(configured.Arguments, VerbTable.For(configured.Arguments));
        var exitCode = await parsed.MapResult(
            (SyncOptions options) => RunAsync(options, log => new SyncCommand(log).RunAsync(options, cancellation.Token)),
            (BatchOptions options) => RunAsync(options, log => new BatchCommand(log).RunAsync(options, cancellationToken: cancellation.Token)),
            (VenvOptions options) => RunAsync(options, log => new VenvCommand(log).RunAsync(options, cancellation.Token)),
            (WarmOptions options) => RunAsync(options, log => new WarmCommand(log).RunAsync(options, cancellation.Token)),
            (CacheOptions options) => RunAsync(options, log => new CacheCommand(log).RunAsync(options, cancellation.Token)),
            (ListOptions options) => RunAsync(options, log => new ListCommand(log).RunAsync(options, Console.Out, cancellation.Token)),
            (FreezeOptions options) => RunAsync(options, log => new FreezeCommand(log).RunAsync(options, Console.Out, cancellation.Token)),
            (CheckOptions options) => RunAsync(options, log => new CheckCommand(log).RunAsync(options, Console.Out, cancellation.Token)),
            (ShowOptions options) => RunAsync(options, log => new ShowCommand(log).RunAsync(options, Console.Out, cancellation.Token)),
            (RepairOptions options) => RunAsync(options, log => new RepairCommand(log).RunAsync(options, cancellation.Token)),
            errors => Task.FromResult(errors.IsHelp() || errors.IsVersion() ? ExitCodes.Success : ExitCodes.UsageError)).ConfigureAwait(false);
        return signalExitCode != 0 ? signalExitCode : exitCode;

        void Stop(PosixSignalContext context, int code)
        {
            context.Cancel = true;
            signalExitCode = code;
            cancellation.Cancel();
        }
    }

    // `dfi --version`, `dfi version` and `dfi VERB --version` print one line on stdout, without the build's commit
    // that CommandLineParser would add (from the informational version) and write to stderr.
    private static bool IsVersionRequest(string[] args) =>
        args is ["version", ..] || args.TakeWhile(argument => argument != "--").Contains("--version");

    private static async Task<int> RunAsync(GlobalOptions options, Func<ILogger, Task<int>> run)
    {
        var log = Logging.Create(options);
        try
        {
            return await run(log).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log.Error("Stopped.");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (CommandErrors.IsUsageError(exception))
        {
            log.Error("{Message}", exception.Message);
            return ExitCodes.UsageError;
        }
        catch (Exception exception) when (CommandErrors.IsKnown(exception))
        {
            log.Error("{Message}", CommandErrors.Describe(exception));
            return ExitCodes.Failure;
        }
        catch (Exception exception)
        {
            log.Fatal(exception, "dfi failed unexpectedly: {Message}", exception.Message);
            return ExitCodes.Failure;
        }
        finally
        {
            // For profiling a run from its own log (-vv): start-up and warm runs are bounded by fresh memory touched.
            log.Debug("{Megabytes:0.0} MB allocated, {Collections} collections, peak working set {Peak:0} MB",
                GC.GetTotalAllocatedBytes() / 1048576.0, GC.CollectionCount(0), Environment.WorkingSet / 1048576.0);
            // The run's own logger is the only one (the static Log.Logger is never set): disposing it flushes the console.
            (log as IDisposable)?.Dispose();
        }
    }
}
