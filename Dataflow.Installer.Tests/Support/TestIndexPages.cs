using System.Net;
using System.Text;
using System.Text.Json;

namespace Dataflow.Installer.Tests.Support;

/// <summary>Renders the simple API pages of <see cref="TestIndexServer"/> as PEP 503 HTML or PEP 691 JSON.</summary>
internal static class TestIndexPages
{
    public const string JsonMediaType = "application/vnd.pypi.simple.v1+json";
    public const string HtmlMediaType = "application/vnd.pypi.simple.v1+html";

    /// <summary>The fact a page advertises about one file, after the server's options are applied.</summary>
    /// <param name="CoreMetadataSha256">The sha256 of the wheel's METADATA file when it is served (PEP 658), else null.</param>
    public sealed record Link(TestIndexEntry Entry, string? Sha256, long? Size, string? RequiresPython, string? YankedReason, bool Yanked, string? CoreMetadataSha256 = null, DateTimeOffset? UploadTime = null);

    // Links are relative ("../../files/...") on purpose: clients must resolve them against the final page URL.
    private static string FileHref(string filename) => "../../files/" + Uri.EscapeDataString(filename);

    public static string ProjectHtml(string project, IEnumerable<Link> links)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n");
        html.Append($"    <title>Links for {WebUtility.HtmlEncode(project)}</title>\n  </head>\n  <body>\n");
        html.Append($"    <h1>Links for {WebUtility.HtmlEncode(project)}</h1>\n");
        foreach (var link in links)
        {
            var href = FileHref(link.Entry.Filename) + (link.Sha256 is null ? "" : "#sha256=" + link.Sha256);
            html.Append($"    <a href=\"{WebUtility.HtmlEncode(href)}\"");
            if (link.RequiresPython is not null)
            {
                html.Append($" data-requires-python=\"{WebUtility.HtmlEncode(link.RequiresPython)}\"");
            }
            if (link.Yanked)
            {
                html.Append(link.YankedReason is null ? " data-yanked" : $" data-yanked=\"{WebUtility.HtmlEncode(link.YankedReason)}\"");
            }
            if (link.CoreMetadataSha256 is not null)
            {
                // PEP 714 renamed PEP 658's attribute; both are served, as PyPI does, for clients of either.
                html.Append($" data-core-metadata=\"sha256={link.CoreMetadataSha256}\" data-dist-info-metadata=\"sha256={link.CoreMetadataSha256}\"");
            }
            html.Append($">{WebUtility.HtmlEncode(link.Entry.Filename)}</a><br/>\n");
        }
        html.Append("  </body>\n</html>\n");
        return html.ToString();
    }

    public static string ProjectJson(string project, IReadOnlyList<Link> links)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("meta");
            json.WriteString("api-version", "1.1");
            json.WriteEndObject();
            json.WriteString("name", project);
            json.WriteStartArray("versions");
            foreach (var version in links.Select(link => link.Entry.Version).Distinct())
            {
                json.WriteStringValue(version);
            }
            json.WriteEndArray();
            json.WriteStartArray("files");
            foreach (var link in links)
            {
                json.WriteStartObject();
                json.WriteString("filename", link.Entry.Filename);
                json.WriteString("url", FileHref(link.Entry.Filename));
                json.WriteStartObject("hashes");
                if (link.Sha256 is not null)
                {
                    json.WriteString("sha256", link.Sha256);
                }
                json.WriteEndObject();
                if (link.RequiresPython is not null)
                {
                    json.WriteString("requires-python", link.RequiresPython);
                }
                if (link.CoreMetadataSha256 is not null)
                {
                    // PEP 714: "core-metadata", a hash map (PEP 691 hashes) when the file is served.
                    json.WriteStartObject("core-metadata");
                    json.WriteString("sha256", link.CoreMetadataSha256);
                    json.WriteEndObject();
                }
                if (link.Size is { } size)
                {
                    json.WriteNumber("size", size);
                }
                if (link.UploadTime is { } uploaded)
                {
                    // PEP 700: ISO 8601, UTC, "Z".
                    json.WriteString("upload-time", uploaded.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                }
                if (link.Yanked && link.YankedReason is not null)
                {
                    json.WriteString("yanked", link.YankedReason);
                }
                else
                {
                    json.WriteBoolean("yanked", link.Yanked);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string ProjectListHtml(IEnumerable<string> projects)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html>\n  <body>\n");
        foreach (var project in projects)
        {
            html.Append($"    <a href=\"{Uri.EscapeDataString(project)}/\">{WebUtility.HtmlEncode(project)}</a>\n");
        }
        return html.Append("  </body>\n</html>\n").ToString();
    }

    public static string ProjectListJson(IEnumerable<string> projects)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("meta");
            json.WriteString("api-version", "1.1");
            json.WriteEndObject();
            json.WriteStartArray("projects");
            foreach (var project in projects)
            {
                json.WriteStartObject();
                json.WriteString("name", project);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>PEP 691 negotiation: the highest-q type we can serve; ties go to JSON, no Accept header means HTML.</summary>
    public static string Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return "text/html";
        }
        var best = (Type: (string?)null, Quality: 0.0);
        foreach (var part in accept.Split(','))
        {
            var pieces = part.Split(';');
            var type = pieces[0].Trim().ToLowerInvariant();
            var quality = 1.0;
            foreach (var parameter in pieces.Skip(1))
            {
                var pair = parameter.Split('=', 2);
                if (pair.Length == 2 && pair[0].Trim() == "q" && double.TryParse(pair[1].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var q))
                {
                    quality = q;
                }
            }
            var served = type switch
            {
                JsonMediaType or "application/vnd.pypi.simple.latest+json" => JsonMediaType,
                HtmlMediaType or "application/vnd.pypi.simple.latest+html" => HtmlMediaType,
                "text/html" or "*/*" => "text/html",
                _ => null,
            };
            if (served is not null && quality > 0 && (quality > best.Quality || (quality == best.Quality && served == JsonMediaType)))
            {
                best = (served, quality);
            }
        }
        return best.Type ?? "text/html";
    }
}
