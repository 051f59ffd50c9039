namespace Dataflow.Installer.Index;

/// <summary>Where index passwords may come from besides the URL and <c>.netrc</c> (pip's and uv's <c>--keyring-provider</c>).</summary>
public enum KeyringProvider
{
    /// <summary>No keyring is asked (pip's and uv's default).</summary>
    Disabled,

    /// <summary>The <c>keyring</c> program on <c>PATH</c> is asked for the password of a URL's user name.</summary>
    Subprocess,
}
