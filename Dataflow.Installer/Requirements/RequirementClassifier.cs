using System.Text.RegularExpressions;

namespace Dataflow.Installer.Requirements;

/// <summary>Tells a PEP 508 requirement from a bare path or URL the way pip's <c>parse_req_from_line</c> does,
/// and resolves the path or URL.</summary>
internal static partial class RequirementClassifier
{
    /// <summary>The result for one requirement text; <see cref="Warning"/> says why a path was taken on trust.</summary>
    public sealed record Classification(
        RequirementLineKind Kind,
        string? PathOrUrl = null,
        IReadOnlyList<string>? Extras = null,
        string? Marker = null,
        string? Warning = null,
        string? ProjectName = null);

    private static readonly string[] UrlSchemes = ["http", "https", "file", "ftp"];
    private static readonly string[] VersionControlSchemes = ["git", "hg", "svn", "bzr"];

    // pip's ARCHIVE_EXTENSIONS: zip, wheel, bz2, tar and xz families.
    private static readonly string[] ArchiveExtensions =
        [".zip", ".whl", ".tar.bz2", ".tbz", ".tar.gz", ".tgz", ".tar", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma"];

    /// <param name="text">The requirement text of a line.</param>
    /// <param name="requirementsFolder">The absolute folder of the requirements file, tried first for relative paths.</param>
    /// <param name="currentDirectory">The folder pip resolves relative paths against, tried second.</param>
    /// <exception cref="FormatException">A version control URL other than git's, or a folder that is no Python project.</exception>
    public static Classification Classify(string text, string requirementsFolder, string currentDirectory)
    {
        var scheme = UrlScheme(text);
        if (scheme is not null && VersionControlSchemes.Any(vcs => scheme == vcs || scheme.StartsWith(vcs + "+", StringComparison.Ordinal)))
        {
            // pip's legacy form of a version control requirement: the URL alone, named by its #egg= fragment.
            var (vcsUrl, vcsMarker) = SplitMarker(text, "; ");
            var reference = VcsReference.Parse(vcsUrl);
            return new Classification(RequirementLineKind.PathOrUrl, vcsUrl, [], vcsMarker, ProjectName: reference.EggName);
        }
        var isUrl = scheme is not null && UrlSchemes.Contains(scheme);

        // A URL may contain ';' (in its path or query), so for URLs pip only splits markers at "; ".
        var (name, marker) = SplitMarker(text, isUrl ? "; " : ";");
        if (isUrl)
        {
            return new Classification(RequirementLineKind.PathOrUrl, FileUrlToPath(name), [], marker, ProjectName: EggFragment(name));
        }

        var (path, extras) = SplitExtras(name);
        var candidates = new[] { Path.GetFullPath(path, requirementsFolder), Path.GetFullPath(path, currentDirectory) };
        if (LooksLikePath(name) && ProjectFolder(candidates) is { } folder)
        {
            CheckProjectFolder(folder, name);
            return new Classification(RequirementLineKind.PathOrUrl, folder, extras, marker);
        }
        if (!IsArchive(path))
        {
            return new Classification(RequirementLineKind.Named);
        }
        if (candidates.FirstOrDefault(File.Exists) is { } file)
        {
            return new Classification(RequirementLineKind.PathOrUrl, file, extras, marker);
        }
        var at = name.IndexOf('@');
        if (at >= 0 && !LooksLikePath(name[..at]))
        {
            // 'name @ https://.../foo.whl' is a PEP 508 direct reference, not a file name.
            return new Classification(RequirementLineKind.Named);
        }
        return new Classification(
            RequirementLineKind.PathOrUrl, candidates[1], extras, marker,
            $"requirement '{name}' looks like a file name, but the file does not exist");
    }

    /// <summary>
    /// The value of <c>-e</c>/<c>--editable</c>, as pip's <c>parse_editable</c> reads it: a project folder, as a path (with
    /// an optional <c>[extras]</c> suffix) or a <c>file:</c> URL (with an optional <c>#egg=name</c> fragment).
    /// </summary>
    /// <exception cref="FormatException">A version control URL, or anything that is not a project folder.</exception>
    public static Classification ClassifyEditable(string value, string requirementsFolder, string currentDirectory)
    {
        var scheme = UrlScheme(value);
        if (scheme is not null && VersionControlSchemes.Any(vcs => scheme == vcs || scheme.StartsWith(vcs + "+", StringComparison.Ordinal)))
        {
            throw new FormatException(
                $"'{value}': editable installs of version control checkouts are not supported: clone the repository and install its folder with -e, "
                + "or drop -e to install the repository's revision as a built wheel");
        }
        var (path, extras) = SplitExtras(value);
        string? eggName = null;
        if (scheme == "file")
        {
            eggName = EggFragment(path);
            var hash = path.IndexOf('#', StringComparison.Ordinal);
            var withoutFragment = hash < 0 ? path : path[..hash];
            // 'file:.' and 'file:../pkg' (as pip-tools wrote them) are relative paths; 'file:///abs' is a URL.
            path = withoutFragment.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
                ? FileUrlToPath(withoutFragment)
                : Uri.UnescapeDataString(withoutFragment["file:".Length..]);
        }
        else if (scheme is not null && UrlSchemes.Contains(scheme))
        {
            throw new FormatException($"'{value}' is not a valid editable requirement: it must be a local project folder (a path or a file: URL)");
        }
        var candidates = new[] { Path.GetFullPath(path, requirementsFolder), Path.GetFullPath(path, currentDirectory) };
        if (ProjectFolder(candidates) is not { } folder)
        {
            throw new FormatException($"'{value}' is not a valid editable requirement: it must be a local project folder, and no folder '{path}' exists");
        }
        CheckProjectFolder(folder, value);
        return new Classification(RequirementLineKind.PathOrUrl, folder, extras, ProjectName: eggName);
    }

    // The first candidate that is a project; else the first folder at all, which CheckProjectFolder then refuses by name.
    // '-e .' in requirements/dev.txt, run from the project's root, is the root (pip's reading), not requirements/.
    private static string? ProjectFolder(string[] candidates) =>
        candidates.FirstOrDefault(IsProject)
        ?? candidates.FirstOrDefault(Directory.Exists);

    /// <summary>A folder pip would install: one with <c>pyproject.toml</c> or <c>setup.py</c>.</summary>
    public static bool IsProject(string folder) =>
        File.Exists(Path.Combine(folder, "pyproject.toml")) || File.Exists(Path.Combine(folder, "setup.py"));

    /// <exception cref="FormatException">The folder is not a project, in pip's words.</exception>
    public static void CheckProjectFolder(string folder, string asWritten)
    {
        if (!IsProject(folder))
        {
            throw new FormatException($"directory '{asWritten}' is not installable: neither 'setup.py' nor 'pyproject.toml' found");
        }
    }

    /// <summary>The project a URL's legacy <c>#egg=name</c> fragment names, if any.</summary>
    private static string? EggFragment(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            return null;
        }
        foreach (var part in url[(hash + 1)..].Split('&'))
        {
            if (part.StartsWith("egg=", StringComparison.Ordinal) && part.Length > 4)
            {
                return Uri.UnescapeDataString(part[4..]);
            }
        }
        return null;
    }

    /// <summary>pip's <c>get_url_scheme</c>: the lowercase text before the first ':', if any.</summary>
    private static string? UrlScheme(string text)
    {
        var colon = text.IndexOf(':');
        return colon < 0 ? null : text[..colon].ToLowerInvariant();
    }

    private static (string Name, string? Marker) SplitMarker(string text, string separator)
    {
        var index = text.IndexOf(separator, StringComparison.Ordinal);
        if (index < 0)
        {
            return (text.Trim(), null);
        }
        var marker = text[(index + separator.Length)..].Trim();
        return (text[..index].Trim(), marker.Length == 0 ? null : marker);
    }

    private static (string Path, IReadOnlyList<string> Extras) SplitExtras(string name)
    {
        var match = ExtrasSuffix().Match(name);
        if (!match.Success)
        {
            return (name, []);
        }
        var extras = match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (match.Groups[1].Value, extras);
    }

    /// <summary>pip's <c>_looks_like_path</c> on POSIX: a separator, or a leading dot.</summary>
    private static bool LooksLikePath(string name) => name.Contains('/') || name.StartsWith('.');

    private static bool IsArchive(string path) =>
        ArchiveExtensions.Any(extension => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    private static string FileUrlToPath(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : url;

    [GeneratedRegex(@"^(.+)\[([^\]]+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtrasSuffix();
}
