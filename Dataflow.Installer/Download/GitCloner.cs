using System.ComponentModel;
using Dataflow.Installer.Build;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Requirements;

namespace Dataflow.Installer.Download;

/// <summary>
/// Gets a git requirement's tree with the <c>git</c> program, as pip does: clone (blobs on demand), check out the
/// revision (fetching it by name when no branch or tag has it, as a pull request's commit), update submodules,
/// and say which commit that is. git never prompts: a repository that wants a password it does not have fails.
/// </summary>
internal sealed class GitCloner(string git = "git")
{
    /// <summary>How many lines of git's output a failure quotes.</summary>
    private const int OutputLinesKept = 15;

    /// <summary>Clones into <paramref name="destination"/> (which must not exist) and returns the checked-out commit id.</summary>
    /// <exception cref="DownloadException">git is missing, or the repository or revision cannot be had.</exception>
    public async Task<string> CloneAsync(VcsReference reference, string destination, CancellationToken cancellationToken)
    {
        var where = reference.Display;
        if (Directory.Exists(destination))
        {
            throw new InvalidOperationException($"{destination} exists; a clone needs a new folder.");
        }
        // A local repository gains nothing from a partial clone, and git warns that its server ignores the filter.
        var partial = reference.RepositoryUrl.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? [] : new[] { "--filter=blob:none" };
        var checkout = reference.Revision is null ? [] : new[] { "--no-checkout" };
        await RunAsync(where, null, ["clone", "--quiet", .. partial, .. checkout, "--", reference.RepositoryUrl, destination], cancellationToken).ConfigureAwait(false);
        if (reference.Revision is { } revision)
        {
            // --end-of-options: the revision is the user's text, never an option of git's.
            var (checkedOut, _, _) = await StartAsync(destination, ["-c", "advice.detachedHead=false", "checkout", "--quiet", "--end-of-options", revision, "--"], cancellationToken)
                .ConfigureAwait(false);
            if (checkedOut != 0)
            {
                var (fetched, _, fetchTail) = await StartAsync(destination, ["fetch", "--quiet", "--end-of-options", "origin", revision], cancellationToken).ConfigureAwait(false);
                if (fetched != 0)
                {
                    throw new DownloadException($"{where}: the repository has no revision '{revision}' (no branch, tag or commit of that name); git fetch said:\n{fetchTail}");
                }
                await RunAsync(where, destination, ["-c", "advice.detachedHead=false", "checkout", "--quiet", "FETCH_HEAD", "--"], cancellationToken).ConfigureAwait(false);
            }
        }
        if (File.Exists(Path.Combine(destination, ".gitmodules")))
        {
            await RunAsync(where, destination, ["submodule", "update", "--init", "--recursive", "--quiet"], cancellationToken).ConfigureAwait(false);
        }
        var commit = (await RunAsync(where, destination, ["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false)).Trim();
        return commit.Length is 40 or 64 && commit.All(char.IsAsciiHexDigit)
            ? commit.ToLowerInvariant()
            : throw new DownloadException($"{where}: git rev-parse HEAD gave '{commit}', which is no commit id.");
    }

    private async Task<string> RunAsync(string where, string? workingDirectory, string[] arguments, CancellationToken cancellationToken)
    {
        var (exitCode, output, tail) = await StartAsync(workingDirectory, arguments, cancellationToken).ConfigureAwait(false);
        return exitCode == 0
            ? output
            : throw new DownloadException($"{where}: git {arguments.First(argument => !argument.StartsWith('-') && !argument.Contains('='))} exited with code {exitCode}:\n{tail}");
    }

    private async Task<(int ExitCode, string Output, string Tail)> StartAsync(string? workingDirectory, string[] arguments, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Never wait for a person: no password prompt on the terminal, none through an askpass program.
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ASKPASS"] = "true",
            ["LC_ALL"] = "C",
        };
        // ssh asks on the terminal itself (an unknown host key, a key's passphrase); batch mode makes it fail instead.
        if (Environment.GetEnvironmentVariable("GIT_SSH") is null && Environment.GetEnvironmentVariable("GIT_SSH_COMMAND") is null)
        {
            environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        }
        var tail = new OutputTail(OutputLinesKept);
        try
        {
            var result = await HelperProgram.RunAsync(git, arguments, cancellationToken, workingDirectory, environment, readErrors: async errors =>
            {
                await tail.CollectAsync(errors).ConfigureAwait(false);
                return tail.ToString();
            }).ConfigureAwait(false);
            return (result.ExitCode, result.Output, result.Errors);
        }
        catch (Win32Exception exception)
        {
            throw new DownloadException($"git requirements need the git program, and '{git}' could not be run: {exception.Message}", exception);
        }
    }
}
