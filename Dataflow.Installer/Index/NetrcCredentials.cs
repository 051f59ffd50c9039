namespace Dataflow.Installer.Index;

/// <summary>One <c>.netrc</c> entry's login and password (either may be empty).</summary>
internal sealed record NetrcCredentials(string Login, string Password)
{
    // Keeps the password out of any log line or message that formats the record.
    public override string ToString() => $"{Login}:****";
}
