using System.Text;
using System.Text.Json;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Pipeline;

/// <summary>PEP 610's <c>direct_url.json</c> for an archive installed from a URL or a local file.</summary>
internal static class DirectUrl
{
    /// <summary>The URL as recorded: absolute, credentials removed (PEP 610 forbids storing them).</summary>
    public static string Recorded(Uri url) =>
        url.IsFile ? new Uri(Path.GetFullPath(url.LocalPath)).AbsoluteUri : Index.UrlCredentials.WithoutUserInfo(url).GetLeftPart(UriPartial.Query);

    /// <summary>The URL an installed distribution's <c>direct_url.json</c> records, or null when it has none (installed from an index).</summary>
    public static string? RecordedIn(InstalledDistribution installed)
    {
        if (installed.IsEggInfo)
        {
            return null;
        }
        var path = Path.Combine(installed.DistInfoPath, "direct_url.json");
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.TryGetProperty("url", out var url) ? url.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Json(Uri url, string sha256)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("archive_info");
            // "hash" is PEP 610's original field; "hashes" its successor. Writing both serves old and new readers, as pip does.
            writer.WriteString("hash", "sha256=" + sha256);
            writer.WriteStartObject("hashes");
            writer.WriteString("sha256", sha256);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString("url", Recorded(url));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
