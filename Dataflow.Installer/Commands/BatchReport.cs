using System.Text.Json;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Commands;

/// <summary>
/// The <c>--report</c> JSON of a batch (schema version 1): per environment what was installed, removed and
/// kept, or its error; per distinct file where it came from, whether the cache had it, and seconds per stage.
/// </summary>
internal static class BatchReport
{
    public const int SchemaVersion = 1;

    public static async Task WriteAsync(string path, IReadOnlyList<BatchEnvironmentOutcome> outcomes, PipelineResult? result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", SchemaVersion);
            writer.WriteNumber("seconds", Math.Round(elapsed.TotalSeconds, 3));
            writer.WriteStartArray("environments");
            foreach (var outcome in outcomes)
            {
                writer.WriteStartObject();
                writer.WriteString("path", outcome.Environment.Path);
                writer.WriteString("status", outcome.Status);
                Distributions(writer, "installed", outcome.Result?.Installed ?? []);
                Distributions(writer, "removed", outcome.Result?.Removed ?? []);
                Distributions(writer, "unchanged", outcome.Plan?.Unchanged ?? []);
                if (outcome.Error is { } error)
                {
                    writer.WriteString("error", error);
                }
                else
                {
                    writer.WriteNull("error");
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("distributions");
            foreach (var job in result?.Artifacts ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("name", job.Artifact.Name.Normalized);
                writer.WriteString("version", job.Artifact.Version);
                writer.WriteString("file", job.Artifact.Filename);
                writer.WriteString("source", UrlRedactor.Redact(job.Artifact.Url));
                writer.WriteString("sha256", job.Entry?.Sha256 ?? job.Archive?.Sha256);
                writer.WriteBoolean("cache_hit", job.CacheHit);
                writer.WriteStartObject("seconds");
                foreach (var (stage, seconds) in job.Seconds)
                {
                    writer.WriteNumber(stage.ToString().ToLowerInvariant(), Math.Round(seconds, 4));
                }
                writer.WriteEndObject();
                if (job.Failure is { } failure)
                {
                    writer.WriteStartObject("error");
                    writer.WriteString("stage", failure.Stage.ToString().ToLowerInvariant());
                    writer.WriteString("message", failure.Message);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNull("error");
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (path == "-")
        {
            await Console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            return;
        }
        await File.WriteAllBytesAsync(path, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static void Distributions(Utf8JsonWriter writer, string name, IEnumerable<InstalledDistribution> distributions)
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
}
