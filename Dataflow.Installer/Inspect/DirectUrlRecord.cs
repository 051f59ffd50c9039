using System.Text.Json;

namespace Dataflow.Installer.Inspect;

/// <summary>An installed distribution's PEP 610 <c>direct_url.json</c>, read the way pip 23.2 reads it.</summary>
internal sealed record DirectUrlRecord(string Url, string? Subdirectory, string? ArchiveHash, string? Vcs, string? CommitId, bool IsDirectory, bool IsEditable)
{
    /// <summary>For a version control install: the branch, tag or commit the requirement asked for, if it named one.</summary>
    public string? RequestedRevision { get; init; }

    public const string FileName = "direct_url.json";

    /// <summary>The record of <paramref name="project"/>; null when it has none or it is invalid (pip then ignores it too).</summary>
    public static DirectUrlRecord? Read(InstalledProject project, Action<string>? warn = null)
    {
        var text = project.ReadText(FileName);
        if (text is null)
        {
            return null;
        }
        var record = Parse(text, out var problem);
        if (record is null)
        {
            warn?.Invoke($"Error parsing {FileName} for {project.CanonicalName}: {problem}");
        }
        return record;
    }

    /// <summary>Parses the JSON; null with <paramref name="problem"/> set when it breaks PEP 610 (e.g. not exactly one of the three infos).</summary>
    public static DirectUrlRecord? Parse(string json, out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
            {
                problem = "url must be a string";
                return null;
            }
            var archive = Object(root, "archive_info");
            var directory = Object(root, "dir_info");
            var vcs = Object(root, "vcs_info");
            if (new[] { archive, directory, vcs }.Count(info => info is not null) != 1)
            {
                problem = "exactly one of archive_info, dir_info, vcs_info is required";
                return null;
            }
            string? hash = archive is { } a ? Text(a, "hash") : null;
            if (hash is not null && !hash.Contains('=', StringComparison.Ordinal))
            {
                problem = $"invalid archive_info.hash format: '{hash}'";
                return null;
            }
            string? vcsName = null, commit = null;
            if (vcs is { } v)
            {
                vcsName = Text(v, "vcs");
                commit = Text(v, "commit_id");
                if (vcsName is null || commit is null)
                {
                    problem = "vcs_info needs vcs and commit_id";
                    return null;
                }
            }
            var editable = directory is { } d && d.TryGetProperty("editable", out var flag) && flag.ValueKind == JsonValueKind.True;
            return new DirectUrlRecord(url.GetString()!, Text(root, "subdirectory"), hash, vcsName, commit, directory is not null, editable)
            {
                RequestedRevision = vcs is { } requested ? Text(requested, "requested_revision") : null,
            };
        }
        catch (JsonException exception)
        {
            problem = exception.Message;
            return null;
        }
    }

    /// <summary>The local project folder of an editable install (PEP 660), as pip shows it.</summary>
    public string? EditableLocation => IsEditable && Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : null;

    /// <summary>The PEP 440 direct reference pip freeze prints: <c>name @ url</c>, with the hash and subdirectory as a fragment.</summary>
    public string Reference(string name)
    {
        var fragments = new List<string>();
        var reference = Vcs is not null ? $"{name} @ {Vcs}+{Url}@{CommitId}" : $"{name} @ {Url}";
        if (ArchiveHash is not null)
        {
            fragments.Add(ArchiveHash);
        }
        if (Subdirectory is not null)
        {
            fragments.Add("subdirectory=" + Subdirectory);
        }
        return fragments.Count > 0 ? reference + "#" + string.Join('&', fragments) : reference;
    }

    private static JsonElement? Object(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
