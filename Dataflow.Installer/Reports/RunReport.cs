using System.Text;
using System.Text.Json;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Reports;

/// <summary>
/// The <c>--report</c> JSON of <c>sync</c>, <c>batch</c> and <c>warm</c>, one schema for all three
/// (docs/report.schema.json, described in docs/reports.md), written by hand with <see cref="Utf8JsonWriter"/>
/// because a native build has no reflection serializer.
/// </summary>
internal static class RunReport
{
    /// <summary>
    /// Changes only when a field is removed, renamed or changes meaning; fields are added within a version,
    /// so a reader ignores the fields it does not know.
    /// </summary>
    public const int SchemaVersion = 1;

    /// <summary>What a report's <c>--report</c> argument means by stdout.</summary>
    public const string Stdout = "-";

    public static byte[] Render(string command, IReadOnlyList<ReportEnvironment> environments, PipelineResult? result, TimeSpan elapsed)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", SchemaVersion);
            writer.WriteString("command", command);
            writer.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 3));
            var errors = environments.SelectMany(environment => environment.Failures)
                .Concat(result?.Failures ?? [])
                .Where(failure => !failure.IsCancellation)
                .DistinctBy(failure => failure.ToString())
                .ToList();
            writer.WriteBoolean("succeeded", errors.Count == 0 && environments.All(environment => environment.Status != ReportEnvironment.Failed));
            writer.WriteStartArray("environments");
            foreach (var environment in environments)
            {
                WriteEnvironment(writer, environment);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("distributions");
            foreach (var job in result?.Artifacts ?? [])
            {
                WriteDistribution(writer, job);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("errors");
            foreach (var failure in errors)
            {
                WriteFailure(writer, failure);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Refuses, before the run changes anything, a report path whose folder does not exist: found only at the end, it
    /// would turn a run that did its work into a failure.
    /// </summary>
    public static void CheckDestination(string? destination)
    {
        if (destination is null || destination == Stdout)
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new Commands.UsageException($"--report {destination}: the folder {folder} does not exist; create it first or choose another path.");
        }
        if (Directory.Exists(destination))
        {
            throw new Commands.UsageException($"--report {destination}: that is a folder; give a file name (or - for stdout).");
        }
    }

    /// <summary>Writes <paramref name="json"/> to stdout for <c>-</c>, else to the file, which never shows half-written.</summary>
    public static async Task WriteAsync(string destination, byte[] json, CancellationToken cancellationToken)
    {
        if (destination == Stdout)
        {
            await Console.Out.WriteLineAsync(Encoding.UTF8.GetString(json)).ConfigureAwait(false);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var path = Path.GetFullPath(destination);
        var partial = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.part");
        try
        {
            await File.WriteAllBytesAsync(partial, json, cancellationToken).ConfigureAwait(false);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static void WriteEnvironment(Utf8JsonWriter writer, ReportEnvironment environment)
    {
        writer.WriteStartObject();
        writer.WriteString("path", environment.Path);
        writer.WriteString("status", environment.Status);
        WriteInstalled(writer, "installed", environment.Installed);
        WriteInstalled(writer, "removed", environment.Removed);
        WriteInstalled(writer, "unchanged", environment.Unchanged);
        writer.WriteString("error", environment.Error);
        writer.WriteStartArray("failures");
        foreach (var failure in environment.Failures)
        {
            WriteFailure(writer, failure);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // What the wheel built from a folder or a repository says, whether this run built it or found it in the cache.
    private static string BuiltVersion(ArtifactJob job)
    {
        if (job.Archive is { } built)
        {
            return Standards.WheelFilename.Parse(Path.GetFileName(built.Path)).Version;
        }
        var distInfo = job.Entry is { } entry && Directory.Exists(entry.Tree) ? Directory.GetDirectories(entry.Tree, "*.dist-info").FirstOrDefault() : null;
        var stem = distInfo is null ? "" : Path.GetFileName(distInfo)[..^".dist-info".Length];
        return stem.Contains('-', StringComparison.Ordinal) ? stem[(stem.IndexOf('-', StringComparison.Ordinal) + 1)..] : "";
    }

    private static void WriteDistribution(Utf8JsonWriter writer, ArtifactJob job)
    {
        var artifact = job.Artifact;
        writer.WriteStartObject();
        writer.WriteString("name", artifact.Name.Normalized);
        // A project folder's or git requirement's version is the one its build gave.
        writer.WriteString("version", artifact.Version.Length > 0 ? artifact.Version : BuiltVersion(job));
        writer.WriteString("file", artifact.Filename);
        writer.WriteString("source", UrlRedactor.Redact(artifact.Url));
        // The file's own hash: for a wheel what was fetched or found; for a source distribution only what the index
        // or requirement says, since what the cache holds is the wheel built from it (wheel_sha256).
        writer.WriteString("sha256", artifact.IsWheel ? job.Entry?.Sha256 ?? job.Archive?.Sha256 ?? artifact.Hashes.KnownSha256 : artifact.Hashes.KnownSha256);
        writer.WriteString("wheel_sha256", job.Entry?.Sha256);
        var size = artifact.IsWheel ? job.Archive?.Size ?? artifact.Size : artifact.Size;
        if (size is { } bytes)
        {
            writer.WriteNumber("size", bytes);
        }
        else
        {
            writer.WriteNull("size");
        }
        writer.WriteBoolean("cache_hit", job.CacheHit);
        writer.WriteBoolean("built", job.IsBuilt);
        writer.WriteStartObject("seconds");
        foreach (var (stage, seconds) in job.Seconds.OrderBy(pair => pair.Key))
        {
            writer.WriteNumber(StageName(stage), Math.Round(seconds, 4));
        }
        writer.WriteEndObject();
        if (job.Failure is { } failure)
        {
            writer.WriteStartObject("error");
            writer.WriteString("stage", StageName(failure.Stage));
            writer.WriteString("message", failure.Message);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("error");
        }
        writer.WriteEndObject();
    }

    private static void WriteFailure(Utf8JsonWriter writer, StageFailure failure)
    {
        writer.WriteStartObject();
        writer.WriteString("distribution", failure.Distribution);
        writer.WriteString("stage", StageName(failure.Stage));
        writer.WriteString("message", failure.Message);
        writer.WriteBoolean("cancelled", failure.IsCancellation);
        writer.WriteEndObject();
    }

    private static void WriteInstalled(Utf8JsonWriter writer, string name, IEnumerable<InstalledDistribution> distributions)
    {
        writer.WriteStartArray(name);
        foreach (var distribution in distributions.OrderBy(item => item.Name, StringComparer.OrdinalIgnoreCase))
        {
            writer.WriteStartObject();
            writer.WriteString("name", distribution.Name);
            writer.WriteString("version", distribution.Version);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static string StageName(PipelineStage stage) => stage.ToString().ToLowerInvariant();
}
