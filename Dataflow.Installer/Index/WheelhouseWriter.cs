using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Index;

/// <summary>
/// Keeps a folder of wheels servable as a static PEP 503 index: the wheels and their PEP 658 <c>.metadata</c> files at
/// the top, <c>simple/index.html</c> listing the projects and <c>simple/&lt;name&gt;/index.html</c> linking each file with its
/// sha256, Requires-Python and metadata hash. Pages are rewritten whole (temp file, then rename), so a reader sees
/// the old page or the new one; re-running adds new wheels and keeps every page consistent with the folder.
/// </summary>
internal static partial class WheelhouseWriter
{
    public const string SimpleFolder = "simple";

    /// <summary>Rewrites the pages for every wheel in <paramref name="folder"/>; returns how many projects it lists.</summary>
    public static async Task<int> UpdateAsync(string folder, CancellationToken cancellationToken)
    {
        var simple = Path.Combine(folder, SimpleFolder);
        Directory.CreateDirectory(simple);
        var projects = new SortedDictionary<string, List<WheelFilename>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*.whl"))
        {
            if (WheelFilename.TryParse(Path.GetFileName(path), out var wheel))
            {
                (projects.TryGetValue(wheel.Name.Normalized, out var list) ? list : projects[wheel.Name.Normalized] = []).Add(wheel);
            }
        }
        foreach (var (name, wheels) in projects)
        {
            var page = Path.Combine(simple, name, "index.html");
            var known = File.Exists(page) ? KnownHashes(await File.ReadAllTextAsync(page, cancellationToken).ConfigureAwait(false)) : [];
            var anchors = new StringBuilder();
            foreach (var wheel in wheels.OrderBy(wheel => wheel.FileName, StringComparer.Ordinal))
            {
                anchors.Append(await AnchorAsync(folder, wheel.FileName, known, cancellationToken).ConfigureAwait(false));
            }
            await WritePageAsync(page, $"Links for {name}", anchors.ToString(), cancellationToken).ConfigureAwait(false);
        }
        var root = string.Concat(projects.Keys.Select(name => $"    <a href=\"{name}/\">{name}</a><br/>\n"));
        await WritePageAsync(Path.Combine(simple, "index.html"), "Simple index", root, cancellationToken).ConfigureAwait(false);
        return projects.Count;
    }

    private static async Task<string> AnchorAsync(string folder, string fileName, IReadOnlyDictionary<string, string> known, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, fileName);
        if (!known.TryGetValue(fileName, out var sha256))
        {
            await using var stream = File.OpenRead(path);
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
        var metadataPath = path + ".metadata";
        if (!File.Exists(metadataPath))
        {
            var metadata = LocalWheelMetadata.ReadMetadataBytes(path);
            var partial = metadataPath + ".part";
            await File.WriteAllBytesAsync(partial, metadata, cancellationToken).ConfigureAwait(false);
            File.Move(partial, metadataPath, overwrite: true);
        }
        var metadataBytes = await File.ReadAllBytesAsync(metadataPath, cancellationToken).ConfigureAwait(false);
        var metadataSha256 = Convert.ToHexStringLower(SHA256.HashData(metadataBytes));
        var requiresPython = RequiresPython(Encoding.UTF8.GetString(metadataBytes));
        var href = WebUtility.HtmlEncode($"../../{Uri.EscapeDataString(fileName)}#sha256={sha256}");
        var attributes = requiresPython is null ? "" : $" data-requires-python=\"{WebUtility.HtmlEncode(requiresPython)}\"";
        // PEP 714 names the attribute data-core-metadata; PEP 658's data-dist-info-metadata is kept for older clients.
        attributes += $" data-core-metadata=\"sha256={metadataSha256}\" data-dist-info-metadata=\"sha256={metadataSha256}\"";
        return $"    <a href=\"{href}\"{attributes}>{WebUtility.HtmlEncode(fileName)}</a><br/>\n";
    }

    private static string? RequiresPython(string metadata)
    {
        foreach (var line in metadata.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                break;
            }
            if (line.StartsWith("Requires-Python:", StringComparison.OrdinalIgnoreCase))
            {
                return line["Requires-Python:".Length..].Trim();
            }
        }
        return null;
    }

    private static Dictionary<string, string> KnownHashes(string page)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in OwnAnchor().Matches(page))
        {
            hashes[Uri.UnescapeDataString(WebUtility.HtmlDecode(match.Groups["file"].Value))] = match.Groups["sha"].Value;
        }
        return hashes;
    }

    private static async Task WritePageAsync(string path, string title, string body, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var html = $"<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.0\">\n    <title>{title}</title>\n  </head>\n  <body>\n    <h1>{title}</h1>\n{body}  </body>\n</html>\n";
        var partial = $"{path}.{Guid.NewGuid():N}.part";
        await File.WriteAllTextAsync(partial, html, cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
    }

    [GeneratedRegex("href=\"\\.\\./\\.\\./(?<file>[^\"#]+)#sha256=(?<sha>[0-9a-f]{64})\"")]
    private static partial Regex OwnAnchor();
}
