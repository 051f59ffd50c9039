using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// <c>--index-strategy</c> with an index and an extra index that both have a project: by default only the first
/// index that has it is used (uv's way, against dependency confusion), and <c>unsafe-best-match</c> takes the best
/// version on any of them, which is what pip does with <c>--extra-index-url</c>. As in uv, the extra index is the first
/// one asked and <c>--index-url</c> (PyPI by default) the last, so "first" below is given as the extra index.
/// </summary>
public sealed class IndexStrategyTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string Alpha10 = "alpha-1.0-py3-none-any.whl";
    private const string Alpha11 = "alpha-1.1-py3-none-any.whl";
    private const string Alpha20 = "alpha-2.0-py3-none-any.whl";

    [Fact]
    public async Task A_version_only_on_a_later_index_is_refused_by_default_with_a_hint_and_taken_with_unsafe_best_match()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var first = wheels.StartServer(wheels.CopyTo(sandbox.Combine("first"), Alpha10, Alpha11));
        await using var later = wheels.StartServer(wheels.CopyTo(sandbox.Combine("later"), Alpha10, Alpha11, Alpha20));
        var requirements = sandbox.WriteRequirements("a.txt", ["alpha==2.0"]);
        string[] indexes = ["-i", later.IndexUrl.AbsoluteUri, "--extra-index-url", first.IndexUrl.AbsoluteUri];

        var refused = await sandbox.SyncAsync([requirements, .. indexes]);
        var laterRequestsWhenRefused = later.RequestedPaths.Count;
        var taken = await sandbox.SyncAsync([requirements, .. indexes, "--index-strategy", "unsafe-best-match"]);

        refused.ExitCode.Should().Be(1, refused.ToString());
        refused.Stderr.Should().Contain(first.IndexUrl.AbsoluteUri).And.Contain("--index-strategy unsafe-best-match");
        laterRequestsWhenRefused.Should().Be(0, "the extra index, asked first, has alpha, so --index-url is not asked at all (a public project cannot shadow a private one)");
        taken.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0" });
        later.RequestedPaths.Should().Contain("/files/" + Alpha20);
    }

    [Fact]
    public async Task Unsafe_best_match_chooses_the_version_pip_chooses_across_indexes_and_the_default_keeps_to_the_first()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var first = wheels.StartServer(wheels.CopyTo(sandbox.Combine("first"), Alpha10, Alpha11));
        await using var later = wheels.StartServer(wheels.CopyTo(sandbox.Combine("later"), Alpha10, Alpha20));
        var requirements = sandbox.WriteRequirements("a.txt", ["alpha>=1.0"]);
        string[] indexes = ["-i", later.IndexUrl.AbsoluteUri, "--extra-index-url", first.IndexUrl.AbsoluteUri];

        var pip = await ChildProcess.RunAsync("python3",
            ["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--no-cache-dir", .. indexes, "--dest", sandbox.Combine("pip"), "alpha>=1.0"]);
        var firstIndex = await sandbox.SyncAsync([requirements, .. indexes]);
        var firstIndexList = await sandbox.PipListAsync();
        // --reinstall: an installed 1.1 satisfies alpha>=1.0, and a sync keeps what satisfies its requirement.
        var bestMatch = await sandbox.SyncAsync([requirements, .. indexes, "--index-strategy", "unsafe-best-match", "--reinstall"]);

        pip.ShouldSucceed();
        Directory.GetFiles(sandbox.Combine("pip")).Select(Path.GetFileName).Should().Equal(Alpha20);
        firstIndex.ShouldSucceed();
        firstIndexList.Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.1" }, "only the first index that has alpha counts");
        bestMatch.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0" }, "as pip chose");
    }

    [Fact]
    public async Task With_unsafe_best_match_a_file_both_indexes_offer_comes_from_the_earlier()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var first = wheels.StartServer(wheels.CopyTo(sandbox.Combine("first"), Alpha10));
        await using var later = wheels.StartServer(wheels.CopyTo(sandbox.Combine("later"), Alpha10));

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", ["alpha==1.0"]),
            "-i", later.IndexUrl.AbsoluteUri, "--extra-index-url", first.IndexUrl.AbsoluteUri, "--index-strategy", "unsafe-best-match"]);

        sync.ShouldSucceed();
        first.RequestedPaths.Should().Contain("/files/" + Alpha10);
        later.RequestedPaths.Should().Contain("/simple/alpha/", "every index is asked").And.NotContain("/files/" + Alpha10);
    }

    [Fact]
    public async Task An_unknown_index_strategy_is_a_usage_error_naming_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", ["alpha==1.0"]), "--index-strategy", "unsafe-first-match"]);

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain("--index-strategy 'unsafe-first-match'");
    }

    [Fact]
    public async Task Exclude_newer_keeps_an_indexs_files_uploaded_by_then_as_uv_does_and_says_why_a_newer_pin_is_refused()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer(wheels.CopyTo(sandbox.Combine("index"), Alpha10, Alpha11), TestIndexFormat.Json);
        server.UploadTimes[Alpha10] = new DateTimeOffset(2024, 1, 10, 8, 0, 0, TimeSpan.Zero);
        server.UploadTimes[Alpha11] = new DateTimeOffset(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
        var range = sandbox.WriteRequirements("range.txt", ["alpha>=1.0"]);
        var pinned = sandbox.WriteRequirements("pinned.txt", ["alpha==1.1"]);
        string[] index = ["-i", server.IndexUrl.AbsoluteUri];

        var before = await sandbox.SyncAsync([range, .. index, "--exclude-newer", "2024-06-01T00:00:00Z"]);
        var beforeList = await sandbox.PipListAsync();
        var refused = await sandbox.SyncAsync([pinned, .. index, "--exclude-newer", "2024-06-01"]);
        var bad = await sandbox.SyncAsync([pinned, .. index, "--exclude-newer", "June"]);
        var unlimited = await sandbox.SyncAsync([pinned, .. index]);

        before.ShouldSucceed();
        beforeList.Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0" }, "1.1 was uploaded after the cutoff");
        refused.ExitCode.Should().Be(1, refused.ToString());
        refused.Stderr.Should().Contain("alpha==1.1").And.Contain("1 of its index files were left out by --exclude-newer");
        bad.ExitCode.Should().Be(2, bad.ToString());
        bad.Stderr.Should().Contain("--exclude-newer 'June'");
        unlimited.ShouldSucceed();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.1" });
    }

    [Fact]
    public async Task With_exclude_newer_an_html_index_which_gives_no_upload_times_offers_nothing_and_says_so()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer(wheels.CopyTo(sandbox.Combine("index"), Alpha10), TestIndexFormat.Html);
        server.UploadTimes[Alpha10] = new DateTimeOffset(2024, 1, 10, 8, 0, 0, TimeSpan.Zero);

        var sync = await sandbox.SyncAsync([sandbox.WriteRequirements("a.txt", ["alpha==1.0"]), "-i", server.IndexUrl.AbsoluteUri, "--exclude-newer", "2024-06-01T00:00:00Z"]);

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("1 of its index files were left out by --exclude-newer (uploaded after it, or without an upload time)");
    }
}
