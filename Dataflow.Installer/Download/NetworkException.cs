namespace Dataflow.Installer.Download;

/// <summary>Every attempt at a request failed transiently; the message says how the last one failed and how many were made.</summary>
internal sealed class NetworkException(string message, int attempts, bool isTimeout, Exception inner) : Exception(message, inner)
{
    public int Attempts { get; } = attempts;

    public bool IsTimeout { get; } = isTimeout;
}
