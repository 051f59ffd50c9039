using System.Collections.Concurrent;
using Dataflow.Installer.Download;
using Dataflow.Installer.Progress;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Progress;

/// <summary>The downloader's byte counts, against the fault-injecting index.</summary>
public sealed class DownloadProgressTests : IAsyncLifetime
{
    private const string Filename = "alpha-1.0-py3-none-any.whl";

    private sealed class RecordingProgress : IDownloadProgress
    {
        public ConcurrentQueue<long?> Lengths { get; } = new();

        public ConcurrentQueue<long> Chunks { get; } = new();

        public void Started(Uri url, long? length) => Lengths.Enqueue(length);

        public void Received(Uri url, long bytes) => Chunks.Enqueue(bytes);
    }

    private readonly TemporaryDirectory _served = new();
    private readonly TemporaryDirectory _scratch = new();
    private readonly byte[] _content = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 249)).ToArray();
    private TestIndexServer _server = null!;

    public Task InitializeAsync()
    {
        File.WriteAllBytes(_served.Combine(Filename), _content);
        _server = TestIndexServer.Start(_served.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _served.Dispose();
        _scratch.Dispose();
    }

    private async Task<RecordingProgress> DownloadAsync()
    {
        var progress = new RecordingProgress();
        using var http = HttpClients.Create(4, new NetworkSettings { Retries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });
        await new Downloader(http, progress).DownloadAsync(_server.FileUrl(Filename), Filename, ExpectedHashes.None, _scratch.Path, CancellationToken.None);
        return progress;
    }

    [Fact]
    public async Task Every_byte_written_is_counted_and_the_length_is_announced()
    {
        var progress = await DownloadAsync();

        progress.Lengths.Should().Equal(_content.Length);
        progress.Chunks.Sum().Should().Be(_content.Length);
        progress.Chunks.Should().OnlyContain(chunk => chunk > 0);
    }

    [Fact]
    public async Task A_cut_off_attempt_gives_its_bytes_back_before_the_retry()
    {
        _server.FaultInTurn(Filename, TestIndexFault.TruncatedBody);

        var progress = await DownloadAsync();

        progress.Lengths.Should().Equal(_content.Length, _content.Length);
        progress.Chunks.Should().Contain(chunk => chunk < 0, "the half that came first was thrown away");
        progress.Chunks.Sum().Should().Be(_content.Length, "what is shown downloaded is the one file kept");
    }
}
