namespace Dataflow.Installer.Progress;

/// <summary>The run's progress at one moment: what the live display draws.</summary>
internal sealed record ProgressSnapshot(
    long BytesDone,
    long BytesTotal,
    int DownloadsDone,
    int DownloadsTotal,
    IReadOnlyList<string> BuildsRunning,
    int BuildsDone,
    int BuildsTotal,
    int UnzipsDone,
    int UnzipsTotal,
    int InstallsDone,
    int InstallsTotal,
    int EnvironmentsDone,
    int EnvironmentsTotal);
