namespace Dataflow.Installer.Install;

/// <summary>A wheel cannot be installed or a distribution cannot be uninstalled; the message names which and why.</summary>
public sealed class InstallationException : Exception
{
    public InstallationException(string message)
        : base(message)
    {
    }

    public InstallationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
