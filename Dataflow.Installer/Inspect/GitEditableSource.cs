using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dataflow.Installer.Inspect;

/// <summary>
/// What <c>pip freeze</c> 23.2 prints for an editable install whose folder is in a git checkout: the checkout's remote
/// and commit as a <c>-e git+URL@COMMIT#egg=NAME</c> line, or pip's comment when there is no usable remote. Asks git,
/// as pip does; other version control systems are not asked (their checkouts print as folders without one).
/// </summary>
internal static partial class GitEditableSource
{
    /// <summary>The freeze text for the project at <paramref name="location"/>; null when it is not in a git checkout (or git is missing).</summary>
    public static string? Describe(string location, string rawName, string pinned, string git = "git")
    {
        if (RepositoryRoot(location, git) is null)
        {
            return null;
        }
        var remotes = Run(git, location, "config", "--get-regexp", @"remote\..*\.url");
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
        var revision = Run(git, location, "rev-parse", "HEAD")?.Trim();
        if (revision is null)
        {
            return $"## !! Could not determine repository location\n-e {location}";
        }
        var requirement = (pipUrl.StartsWith("git:", StringComparison.OrdinalIgnoreCase) ? pipUrl : "git+" + pipUrl)
            + $"@{revision}#egg={rawName.Replace('-', '_')}";
        if (Subdirectory(location, git) is { } subdirectory)
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
    private static string? RepositoryRoot(string location, string git)
    {
        if (Directory.Exists(Path.Combine(location, ".git")) || File.Exists(Path.Combine(location, ".git")))
        {
            return location;
        }
        return Run(git, location, "rev-parse", "--show-toplevel")?.TrimEnd('\r', '\n');
    }

    // The project's folder (the nearest with pyproject.toml or setup.py, upwards) relative to the checkout's top; null at the top.
    private static string? Subdirectory(string location, string git)
    {
        var gitDir = Run(git, location, "rev-parse", "--git-dir")?.Trim();
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

    private static string? Run(string git, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(git)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = errors.Result;
            return process.ExitCode == 0 ? output : null;
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
