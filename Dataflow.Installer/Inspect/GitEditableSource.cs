using System.ComponentModel;
using System.Text.RegularExpressions;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Inspect;

/// <summary>
/// What <c>pip freeze</c> 23.2 prints for an editable install whose folder is in a git checkout: the checkout's remote
/// and commit as a <c>-e git+URL@COMMIT#egg=NAME</c> line, or pip's comment when there is no usable remote. Asks git,
/// as pip does; other version control systems are not asked (their checkouts print as folders without one).
/// </summary>
internal static partial class GitEditableSource
{
    /// <summary>The freeze text for the project at <paramref name="location"/>; null when it is not in a git checkout (or git is missing).</summary>
    public static async Task<string?> DescribeAsync(string location, string rawName, string pinned, CancellationToken cancellationToken, string git = "git")
    {
        if (await RepositoryRootAsync(location, git, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }
        var remotes = await RunAsync(git, location, cancellationToken, "config", "--get-regexp", @"remote\..*\.url").ConfigureAwait(false);
        if (remotes is null || SplitLines(remotes) is not [var first, ..] lines)
        {
            return $"# Editable Git install with no remote ({pinned})\n-e {location}";
        }
        var remote = lines.FirstOrDefault(line => line.StartsWith("remote.origin.url ", StringComparison.Ordinal)) ?? first;
        var url = remote.Split(' ')[1].Trim();
        if (ToPipUrl(url) is not { } pipUrl)
        {
            return $"# Editable Git install ({pinned}) with either a deleted local remote or invalid URI:\n# '{url}'\n-e {location}";
        }
        var revision = (await RunAsync(git, location, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false))?.Trim();
        if (revision is null)
        {
            return $"## !! Could not determine repository location\n-e {location}";
        }
        var requirement = (pipUrl.StartsWith("git:", StringComparison.OrdinalIgnoreCase) ? pipUrl : "git+" + pipUrl)
            + $"@{revision}#egg={rawName.Replace('-', '_')}";
        if (await SubdirectoryAsync(location, git, cancellationToken).ConfigureAwait(false) is { } subdirectory)
        {
            requirement += "&subdirectory=" + subdirectory;
        }
        return "-e " + requirement;
    }

    /// <summary>A git remote as pip takes it: a URL as it is, a local path as a file URI, scp shorthand as ssh://; null otherwise.</summary>
    public static string? ToPipUrl(string url)
    {
        if (SchemeUrl().IsMatch(url))
        {
            return url;
        }
        if (Directory.Exists(url) || File.Exists(url))
        {
            return new Uri(Path.GetFullPath(url)).AbsoluteUri;
        }
        var scp = ScpShorthand().Match(url);
        return scp.Success ? $"ssh://{scp.Groups[1].Value}{scp.Groups[2].Value}/{scp.Groups[3].Value}" : null;
    }

    // A folder with .git is a root itself; otherwise git says where the checkout's top is.
    private static async Task<string?> RepositoryRootAsync(string location, string git, CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path.Combine(location, ".git")) || File.Exists(Path.Combine(location, ".git")))
        {
            return location;
        }
        return (await RunAsync(git, location, cancellationToken, "rev-parse", "--show-toplevel").ConfigureAwait(false))?.TrimEnd('\r', '\n');
    }

    // The project's folder (the nearest with pyproject.toml or setup.py, upwards) relative to the checkout's top; null at the top.
    private static async Task<string?> SubdirectoryAsync(string location, string git, CancellationToken cancellationToken)
    {
        var gitDir = (await RunAsync(git, location, cancellationToken, "rev-parse", "--git-dir").ConfigureAwait(false))?.Trim();
        if (gitDir is null)
        {
            return null;
        }
        var root = Path.GetFullPath(Path.Combine(Path.Combine(location, gitDir), ".."));
        var project = location;
        while (!File.Exists(Path.Combine(project, "pyproject.toml")) && !File.Exists(Path.Combine(project, "setup.py")))
        {
            var parent = Path.GetDirectoryName(project);
            if (parent is null || parent == project)
            {
                return null;
            }
            project = parent;
        }
        var relative = Path.GetRelativePath(root, project);
        return relative == "." ? null : relative;
    }

    private static async Task<string?> RunAsync(string git, string workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        try
        {
            var result = await HelperProgram.RunAsync(git, arguments, cancellationToken, workingDirectory).ConfigureAwait(false);
            return result.ExitCode == 0 ? result.Output : null;
        }
        catch (Win32Exception)
        {
            // No git: pip treats the folder as one without version control too.
            return null;
        }
    }

    private static string[] SplitLines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^\w+://")]
    private static partial Regex SchemeUrl();

    // pip's SCP_REGEX: optional user@, a host without '/' or ':', then ':' and a path starting with a word character.
    [GeneratedRegex(@"^(\w+@)?([^/:]+):(\w[^:]*)$")]
    private static partial Regex ScpShorthand();
}
