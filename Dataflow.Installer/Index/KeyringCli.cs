using System.Collections.Concurrent;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Index;

/// <summary>
/// <c>--keyring-provider subprocess</c>: the password of an index URL's user name (<c>https://user@host/simple/</c>)
/// from <c>keyring get SERVICE USER</c>, asked as pip asks it — the index URL without its user name first, then its
/// host — and only when neither the URL nor <c>.netrc</c> has a password. Each question is asked once per run.
/// </summary>
internal sealed class KeyringCli(string program, Action<string> warn)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Service, string User), Lazy<Task<string?>>> _answers = new();

    /// <summary>The <c>keyring</c> program on <c>PATH</c>, or null (with a warning) when there is none.</summary>
    public static KeyringCli? Find(Action<string> warn)
    {
        if (TargetEnvironment.TryFindOnPath("keyring") is { } program)
        {
            return new KeyringCli(program, warn);
        }
        warn("--keyring-provider subprocess: there is no 'keyring' program on PATH, so index passwords come from URLs and .netrc only");
        return null;
    }

    /// <summary>
    /// <paramref name="url"/> with the password keyring gives its user name; unchanged when it is not http(s), has no
    /// user name or already a password, when <paramref name="netrc"/> has its host (pip asks netrc first), or when
    /// keyring has nothing.
    /// </summary>
    public async Task<Uri> WithPasswordAsync(Uri url, NetrcFile? netrc, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.UserInfo.Length == 0 || url.UserInfo.Contains(':')
            || netrc?.Find(url.Host) is not null)
        {
            return url;
        }
        var user = Uri.UnescapeDataString(url.UserInfo);
        var service = UrlCredentials.WithoutUserInfo(url).AbsoluteUri.TrimEnd('/') + "/";
        var password = await AskAsync(service, user, cancellationToken).ConfigureAwait(false)
            ?? await AskAsync(url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}", user, cancellationToken).ConfigureAwait(false);
        return password is null ? url : new UriBuilder(url) { UserName = url.UserInfo, Password = Uri.EscapeDataString(password) }.Uri;
    }

    // The first asker's token runs the question for all: a run cancelled is cancelled for every environment alike.
    private Task<string?> AskAsync(string service, string user, CancellationToken cancellationToken) =>
        _answers.GetOrAdd((service, user), key => new Lazy<Task<string?>>(() => RunAsync(key.Service, key.User, cancellationToken))).Value;

    private async Task<string?> RunAsync(string service, string user, CancellationToken cancellationToken)
    {
        try
        {
            // No prompt can be answered: stdin is closed at once, as pip runs it.
            var result = await HelperProgram.RunAsync(program, ["get", service, user], cancellationToken,
                environment: new Dictionary<string, string> { ["PYTHONIOENCODING"] = "utf-8" }, timeout: Patience).ConfigureAwait(false);
            return result.ExitCode == 0 && result.Output.TrimEnd('\r', '\n') is { Length: > 0 } password ? password : null;
        }
        catch (TimeoutException)
        {
            warn($"keyring did not answer for {service} within {Patience.TotalSeconds:0} s; going on without its password");
            return null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or IOException)
        {
            warn($"keyring could not be run ({program}): {exception.Message}");
            return null;
        }
    }
}
