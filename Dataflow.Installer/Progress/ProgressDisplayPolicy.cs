namespace Dataflow.Installer.Progress;

/// <summary>Whether to draw the live display, and in colour: only for a person at a terminal who has not asked otherwise.</summary>
internal static class ProgressDisplayPolicy
{
    /// <summary>
    /// True when stderr is a terminal that can move its cursor (not <c>TERM=dumb</c>) and neither <c>-q</c> nor
    /// <c>--no-progress</c> was given. Anything else (a pipe, a file, CI logs) gets plain log lines.
    /// </summary>
    public static bool ShouldShow(bool quiet, bool noProgress, bool stderrIsRedirected, string? term) =>
        !quiet && !noProgress && !stderrIsRedirected && !string.Equals(term, "dumb", StringComparison.Ordinal);

    /// <summary>The no-color.org convention: <c>NO_COLOR</c> set to anything but the empty string turns colour off.</summary>
    public static bool WantsColour(string? noColor) => string.IsNullOrEmpty(noColor);

    /// <summary>Decides from this process's own stderr and environment.</summary>
    public static bool ShouldShow(bool quiet, bool noProgress) =>
        ShouldShow(quiet, noProgress, Console.IsErrorRedirected, Environment.GetEnvironmentVariable("TERM"));
}
