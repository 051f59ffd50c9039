using Serilog;
using Serilog.Events;

namespace Dataflow.Installer.Commands;

/// <summary>Builds the run's logger: Serilog to stderr, its level from <c>-q</c>/<c>-v</c>/<c>-vv</c>.</summary>
internal static class Logging
{
    public static ILogger Create(GlobalOptions options)
    {
        var level = options.Quiet ? LogEventLevel.Error
            : options.Verbose switch
            {
                0 => LogEventLevel.Warning,
                1 => LogEventLevel.Information,
                _ => LogEventLevel.Debug,
            };
        var template = options.Verbose >= 2
            ? "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}"
            : "{Level:w}: {Message:lj}{NewLine}";
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Console(outputTemplate: template, standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
    }
}
