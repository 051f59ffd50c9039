using Dataflow.Installer.Pipeline;

namespace Dataflow.Installer.Progress;

/// <summary>
/// The counts behind the live display, fed by the pipeline's reporter and the downloader from many threads at
/// once, and read by the display a few times a second through <see cref="Snapshot"/>.
/// </summary>
internal sealed class RunProgress : IDownloadProgress
{
    private readonly Lock _gate = new();
    // The bytes each download is expected to bring, from the index or else its Content-Length; removed for cache hits.
    private readonly Dictionary<string, long> _expectedBytes = new(StringComparer.Ordinal);
    private readonly List<string> _buildsRunning = [];
    private long _bytesDone;
    private long _bytesTotal;
    private int _downloadsDone;
    private int _downloadsTotal;
    private int _buildsDone;
    private int _buildsTotal;
    private int _unzipsDone;
    private int _unzipsTotal;
    private int _installsDone;
    private int _installsTotal;
    private int _environmentsDone;
    private int _environmentsTotal;

    public void AddEnvironments(IReadOnlyList<EnvironmentPlan> plans)
    {
        lock (_gate)
        {
            _environmentsTotal += plans.Count;
            _installsTotal += plans.Sum(plan => plan.Installs.Count);
        }
    }

    public void AddArtifacts(IReadOnlyList<DistributionArtifact> artifacts)
    {
        lock (_gate)
        {
            foreach (var artifact in artifacts)
            {
                _unzipsTotal++;
                _buildsTotal += artifact.IsWheel ? 0 : 1;
                // A local file is read in place, not downloaded.
                if (artifact.Url.IsFile)
                {
                    continue;
                }
                _downloadsTotal++;
                if (artifact.Size is { } size && _expectedBytes.TryAdd(artifact.Url.AbsoluteUri, size))
                {
                    _bytesTotal += size;
                }
            }
        }
    }

    /// <summary>The download stage is done with <paramref name="job"/>: fetched, or found in the cache (which skips later stages).</summary>
    public void DownloadFinished(ArtifactJob job)
    {
        var artifact = job.Artifact;
        lock (_gate)
        {
            if (!job.CacheHit)
            {
                _downloadsDone += artifact.Url.IsFile ? 0 : 1;
                return;
            }
            if (!artifact.Url.IsFile)
            {
                _downloadsTotal--;
                if (_expectedBytes.Remove(artifact.Url.AbsoluteUri, out var size))
                {
                    _bytesTotal -= size;
                }
            }
            _buildsTotal -= !artifact.IsWheel && job.IsBuilt ? 1 : 0;
            _unzipsTotal -= job.Entry is not null ? 1 : 0;
        }
    }

    public void BuildStarted(string display)
    {
        lock (_gate)
        {
            _buildsRunning.Add(display);
        }
    }

    public void BuildFinished(string display, bool succeeded)
    {
        lock (_gate)
        {
            _buildsRunning.Remove(display);
            _buildsDone += succeeded ? 1 : 0;
        }
    }

    public void UnzipFinished()
    {
        lock (_gate)
        {
            _unzipsDone++;
        }
    }

    public void EnvironmentFinished(EnvironmentResult result)
    {
        lock (_gate)
        {
            _environmentsDone++;
            _installsDone += result.Succeeded ? result.Plan.Installs.Count : 0;
        }
    }

    public void Started(Uri url, long? length)
    {
        lock (_gate)
        {
            if (length is { } bytes && _expectedBytes.TryAdd(url.AbsoluteUri, bytes))
            {
                _bytesTotal += bytes;
            }
        }
    }

    public void Received(Uri url, long bytes) => Interlocked.Add(ref _bytesDone, bytes);

    public ProgressSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new ProgressSnapshot(
                Interlocked.Read(ref _bytesDone), _bytesTotal, _downloadsDone, _downloadsTotal, _buildsRunning.ToArray(), _buildsDone, _buildsTotal,
                _unzipsDone, _unzipsTotal, _installsDone, _installsTotal, _environmentsDone, _environmentsTotal);
        }
    }
}
