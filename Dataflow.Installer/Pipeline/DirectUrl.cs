using System.Globalization;
using System.Text;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Pipeline;

/// <summary>PEP 610's <c>direct_url.json</c> for an archive installed from a URL or a local file.</summary>
internal static class DirectUrl
{
    /// <summary>The URL as recorded: absolute, credentials removed (PEP 610 forbids storing them).</summary>
    public static string Recorded(Uri url) =>
        url.IsFile ? FileUrl(Path.GetFullPath(url.LocalPath)) : Index.UrlCredentials.WithoutUserInfo(url).GetLeftPart(UriPartial.Query);

    // pip's path_to_url: every byte but ASCII letters, digits, '_.-~' and '/' percent-encoded (Python's quote), where
    // .NET's AbsoluteUri would leave '+', '@', ',' and others as they are: the same folder must record the same URL.
    private static string FileUrl(string path)
    {
        var url = new StringBuilder("file://", path.Length + 16);
        foreach (var octet in Encoding.UTF8.GetBytes(path))
        {
            if (char.IsAsciiLetterOrDigit((char)octet) || octet is (byte)'_' or (byte)'.' or (byte)'-' or (byte)'~' or (byte)'/')
            {
                url.Append((char)octet);
            }
            else
            {
                url.Append(CultureInfo.InvariantCulture, $"%{octet:X2}");
            }
        }
        return url.ToString();
    }

    /// <summary>The URL an installed distribution's <c>direct_url.json</c> records, or null when it has none (installed from an index).</summary>
    public static string? RecordedIn(InstalledDistribution installed) => RecordIn(installed)?.Url;

    /// <summary>An installed distribution's whole record, read as pip reads it; null when it has none or it breaks PEP 610.</summary>
    public static Inspect.DirectUrlRecord? RecordIn(InstalledDistribution installed)
    {
        var path = Path.Combine(installed.DistInfoPath, Inspect.DirectUrlRecord.FileName);
        try
        {
            return installed.IsEggInfo || !File.Exists(path) ? null : Inspect.DirectUrlRecord.Parse(File.ReadAllText(path), out _);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The record of an archive (a wheel or sdist from a URL or a local file), byte for byte as pip 23.2 writes it.</summary>
    public static string Json(Uri url, string sha256) =>
        // "hash" is PEP 610's original field; "hashes" its successor. Writing both serves old and new readers, as pip does.
        $"{{\"archive_info\": {{\"hash\": {Quoted("sha256=" + sha256)}, \"hashes\": {{\"sha256\": {Quoted(sha256)}}}}}, \"url\": {Quoted(Recorded(url))}}}";

    /// <summary>The record of a project folder built in place, or installed in place (PEP 660's <c>"editable": true</c>), as pip writes it.</summary>
    public static string FolderJson(Uri folder, bool editable) =>
        $"{{\"dir_info\": {(editable ? "{\"editable\": true}" : "{}")}, \"url\": {Quoted(Recorded(folder))}}}";

    /// <summary>The record of a git requirement's install: the repository, the commit built, the revision asked for, as pip writes it.</summary>
    public static string VcsJson(Requirements.VcsReference vcs, string commitId)
    {
        var subdirectory = vcs.Subdirectory is { } folder ? $"\"subdirectory\": {Quoted(folder)}, " : "";
        var requested = vcs.Revision is { } revision ? $"\"requested_revision\": {Quoted(revision)}, " : "";
        return $"{{{subdirectory}\"url\": {Quoted(vcs.Recorded)}, \"vcs_info\": {{\"commit_id\": {Quoted(commitId)}, {requested}\"vcs\": \"git\"}}}}";
    }

    // Python's json.dumps: sorted keys, ", " and ": " between items, and strings escaped to ASCII.
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var character in text)
        {
            var escaped = character switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' or > '~' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)character:x4}"),
                _ => null,
            };
            if (escaped is null)
            {
                quoted.Append(character);
            }
            else
            {
                quoted.Append(escaped);
            }
        }
        return quoted.Append('"').ToString();
    }
}
