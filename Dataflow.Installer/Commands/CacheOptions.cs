using CommandLine;
using CommandLine.Text;

namespace Dataflow.Installer.Commands;

/// <summary>Options of <c>dfi cache</c>. CommandLineParser has no nested verbs, so the sub-command is the first value.</summary>
[Verb("cache", HelpText = "Inspect and maintain the cache: dir | stats | clean [NAME...] | prune [--ci] | export FILE.tar.zst [--only-built] | import FILE.tar.zst.")]
public sealed class CacheOptions : GlobalOptions
{
    [Value(0, MetaName = "COMMAND", Required = true, HelpText = "dir, stats, clean, prune, export or import.")]
    public string Command { get; set; } = "";

    [Value(1, MetaName = "ARGUMENTS", HelpText = "clean: project names (none: everything); export and import: the archive.")]
    public IEnumerable<string> Arguments { get; set; } = [];

    [Option("cache-dir", HelpText = "The cache folder (default: $DFI_CACHE_DIR, $XDG_CACHE_HOME/dfi or ~/.cache/dfi).")]
    public string? CacheDir { get; set; }

    [Option("ci", HelpText = "prune: keep only what is expensive to recreate (built wheels and index pages); drop unzipped wheels.")]
    public bool Ci { get; set; }

    [Option("only-built", HelpText = "export: only the wheels built from sdists.")]
    public bool OnlyBuilt { get; set; }

    [Option("lock-timeout", Default = 60.0, HelpText = "Seconds to wait while other dfi processes use the cache.")]
    public double LockTimeout { get; set; } = 60;

    // SkipDefault: an example shows only what it sets, not every option's default.
    private static readonly UnParserSettings Shown = new() { SkipDefault = true };

    [Usage(ApplicationAlias = "dfi")]
    public static IEnumerable<Example> Examples =>
    [
        new("Entries and bytes per bucket", Shown, new CacheOptions { Command = "stats" }),
        new("Keep only what is expensive to recreate, before saving a CI cache", Shown, new CacheOptions { Command = "prune", Ci = true }),
        new("Ship a warmed cache as one file", Shown, new CacheOptions { Command = "export", Arguments = ["cache.tar.zst"] }),
    ];
}
