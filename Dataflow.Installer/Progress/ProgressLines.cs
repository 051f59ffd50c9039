namespace Dataflow.Installer.Progress;

/// <summary>The display's lines, in order: what each says and how far along it is. Pure, so tests can read it.</summary>
internal static class ProgressLines
{
    /// <summary>How many running builds are named before the rest are counted.</summary>
    public const int NamedBuilds = 3;

    /// <summary>The lines worth drawing now: a stage with nothing to do has no line, and one environment needs no count.</summary>
    public static IReadOnlyList<ProgressLine> From(ProgressSnapshot snapshot)
    {
        var lines = new List<ProgressLine>();
        if (snapshot.DownloadsTotal > 0)
        {
            lines.Add(new ProgressLine(
                ProgressLineKind.Download,
                $"Downloading {snapshot.DownloadsDone}/{snapshot.DownloadsTotal} files",
                snapshot.BytesDone,
                snapshot.BytesTotal,
                $"{ByteSize.Format(snapshot.BytesDone)} / {ByteSize.Format(snapshot.BytesTotal)}"));
        }
        if (snapshot.BuildsTotal > 0)
        {
            lines.Add(new ProgressLine(ProgressLineKind.Build, Builds(snapshot.BuildsRunning), snapshot.BuildsDone, snapshot.BuildsTotal, Count(snapshot.BuildsDone, snapshot.BuildsTotal)));
        }
        if (snapshot.UnzipsTotal > 0)
        {
            lines.Add(new ProgressLine(ProgressLineKind.Unzip, "Unzipping", snapshot.UnzipsDone, snapshot.UnzipsTotal, Count(snapshot.UnzipsDone, snapshot.UnzipsTotal)));
        }
        if (snapshot.InstallsTotal > 0)
        {
            lines.Add(new ProgressLine(ProgressLineKind.Install, "Installing", snapshot.InstallsDone, snapshot.InstallsTotal, Count(snapshot.InstallsDone, snapshot.InstallsTotal)));
        }
        if (snapshot.EnvironmentsTotal > 1)
        {
            lines.Add(new ProgressLine(ProgressLineKind.Environments, "Environments", snapshot.EnvironmentsDone, snapshot.EnvironmentsTotal, Count(snapshot.EnvironmentsDone, snapshot.EnvironmentsTotal)));
        }
        return lines;
    }

    private static string Builds(IReadOnlyList<string> running) => running.Count switch
    {
        0 => "Building",
        <= NamedBuilds => "Building " + string.Join(", ", running),
        _ => $"Building {string.Join(", ", running.Take(NamedBuilds))} and {running.Count - NamedBuilds} more",
    };

    private static string Count(int done, int total) => $"{done}/{total}";
}
