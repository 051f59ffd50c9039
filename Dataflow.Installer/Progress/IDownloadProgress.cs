namespace Dataflow.Installer.Progress;

/// <summary>Hears about bytes as downloads receive them, for the live display's bytes downloaded / total.</summary>
internal interface IDownloadProgress
{
    /// <summary>An attempt at <paramref name="url"/> got its answer; <paramref name="length"/> is its Content-Length, if sent.</summary>
    void Started(Uri url, long? length);

    /// <summary>Bytes written to disk; negative when a failed attempt's bytes are thrown away before a retry.</summary>
    void Received(Uri url, long bytes);
}
