using Dataflow.Installer.Pipeline;
using static Dataflow.Installer.Tests.Pipeline.PipelineTestData;

namespace Dataflow.Installer.Tests.Pipeline;

public sealed class InstallPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private sealed class RecordingReporter : IPipelineReporter
    {
        public List<DistributionArtifact> Planned { get; } = [];

        public void ArtifactsPlanned(IReadOnlyList<DistributionArtifact> artifacts) => Planned.AddRange(artifacts);

        public void StageCompleted(ArtifactJob job, PipelineStage stage)
        {
        }

        public void EnvironmentCompleted(EnvironmentResult result)
        {
        }
    }

    private static InstallPipeline Pipeline(FakeStages stages, PipelineOptions? options = null, RecordingReporter? reporter = null) =>
        new(stages, options ?? new PipelineOptions(), reporter ?? new RecordingReporter());

    [Fact]
    public async Task Every_distribution_is_downloaded_unzipped_and_installed()
    {
        var stages = new FakeStages();
        var plan = Plan("env", Wheel("alpha"), Wheel("beta"), Wheel("gamma"));

        var result = await Pipeline(stages).RunAsync([plan], CancellationToken.None).WaitAsync(Timeout);

        result.Succeeded.Should().BeTrue();
        stages.Downloaded.Should().BeEquivalentTo("alpha-1.0-py3-none-any.whl", "beta-1.0-py3-none-any.whl", "gamma-1.0-py3-none-any.whl");
        stages.Unzipped.Should().HaveCount(3);
        result.Environments.Single().Installed.Select(distribution => distribution.Name).Should().BeEquivalentTo("alpha", "beta", "gamma");
    }

    [Fact]
    public async Task A_file_needed_by_several_environments_is_fetched_and_unzipped_once()
    {
        var stages = new FakeStages();
        var shared = Wheel("shared");
        var plans = new[] { Plan("one", shared, Wheel("a")), Plan("two", shared, Wheel("b")), Plan("three", shared) };

        var result = await Pipeline(stages).RunAsync(plans, CancellationToken.None).WaitAsync(Timeout);

        result.Succeeded.Should().BeTrue();
        stages.Downloaded.Count(name => name.StartsWith("shared", StringComparison.Ordinal)).Should().Be(1);
        stages.Unzipped.Count(name => name.StartsWith("shared", StringComparison.Ordinal)).Should().Be(1);
        stages.InstalledEnvironments.Should().BeEquivalentTo("one", "two", "three");
    }

    [Fact]
    public async Task Downloads_run_in_parallel_up_to_their_own_limit()
    {
        var stages = new FakeStages { DownloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var plan = Plan("env", Enumerable.Range(0, 12).Select(index => Wheel($"p{index}")).ToArray());
        var run = Pipeline(stages, new PipelineOptions { ConcurrentDownloads = 5, ConcurrentUnzips = 2 }).RunAsync([plan], CancellationToken.None);

        for (var started = 0; started < 5; started++)
        {
            await stages.DownloadsStarted.WaitAsync(Timeout);
        }
        stages.DownloadGate.SetResult();
        var result = await run.WaitAsync(Timeout);

        result.Succeeded.Should().BeTrue();
        stages.DownloadHighWater.Should().Be(5);
        stages.UnzipHighWater.Should().BeLessThanOrEqualTo(2);
    }

    [Fact]
    public async Task Largest_files_enter_the_pipeline_first()
    {
        var reporter = new RecordingReporter();
        var plan = Plan("env", Wheel("small", 10), Wheel("large", 1000), Wheel("medium", 100));

        await Pipeline(new FakeStages(), reporter: reporter).RunAsync([plan], CancellationToken.None).WaitAsync(Timeout);

        reporter.Planned.Select(artifact => artifact.Name.Normalized).Should().Equal("large", "medium", "small");
    }

    [Fact]
    public async Task Source_distributions_go_through_the_build_stage_and_wheels_do_not()
    {
        var stages = new FakeStages();
        var plan = Plan("env", Wheel("binary"), SourceDist("source"));

        var result = await Pipeline(stages).RunAsync([plan], CancellationToken.None).WaitAsync(Timeout);

        result.Succeeded.Should().BeTrue();
        stages.Built.Should().Equal("source-1.0.tar.gz");
    }

    [Fact]
    public async Task A_cache_hit_skips_download_and_unzip()
    {
        var stages = new FakeStages();
        stages.CacheHits.Add("cached-1.0-py3-none-any.whl");
        var plan = Plan("env", Wheel("cached"));

        var result = await Pipeline(stages).RunAsync([plan], CancellationToken.None).WaitAsync(Timeout);

        result.Succeeded.Should().BeTrue();
        result.Artifacts.Single().CacheHit.Should().BeTrue();
        stages.Unzipped.Should().BeEmpty();
    }

    [Fact]
    public async Task A_download_failure_installs_nothing_and_reports_the_distribution_and_stage()
    {
        var stages = new FakeStages();
        stages.FailDownloads.Add("broken-1.0-py3-none-any.whl");
        var plan = Plan("env", Wheel("good"), Wheel("broken"));

        var result = await Pipeline(stages).RunAsync([plan], CancellationToken.None).WaitAsync(Timeout);

        result.Succeeded.Should().BeFalse();
        stages.InstalledEnvironments.Should().BeEmpty();
        result.Failures.Should().ContainSingle()
            .Which.Should().Match<StageFailure>(failure => failure.Distribution == "broken==1.0" && failure.Stage == PipelineStage.Download);
    }

    [Fact]
    public async Task Every_failure_is_reported_not_only_the_first()
    {
        var stages = new FakeStages { DownloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        stages.FailDownloads.Add("one-1.0-py3-none-any.whl");
        stages.FailUnzips.Add("two-1.0-py3-none-any.whl");
        var plan = Plan("env", Wheel("one"), Wheel("two"));
        var run = Pipeline(stages, new PipelineOptions { FailFast = false }).RunAsync([plan], CancellationToken.None);
        stages.DownloadGate.SetResult();

        var result = await run.WaitAsync(Timeout);

        result.Failures.Select(failure => (failure.Distribution, failure.Stage)).Should().BeEquivalentTo(
            [("one==1.0", PipelineStage.Download), ("two==1.0", PipelineStage.Unzip)]);
    }

    [Fact]
    public async Task Without_fail_fast_a_failure_fails_only_the_environments_that_need_the_file()
    {
        var stages = new FakeStages();
        stages.FailUnzips.Add("bad-1.0-py3-none-any.whl");
        var plans = new[] { Plan("needs-bad", Wheel("bad"), Wheel("ok")), Plan("fine", Wheel("ok")) };

        var result = await Pipeline(stages, new PipelineOptions { FailFast = false }).RunAsync(plans, CancellationToken.None).WaitAsync(Timeout);

        result.Environments.Single(environment => environment.Plan.Name == "fine").Succeeded.Should().BeTrue();
        result.Environments.Single(environment => environment.Plan.Name == "needs-bad").Succeeded.Should().BeFalse();
        stages.InstalledEnvironments.Should().Equal("fine");
    }

    [Fact]
    public async Task Cancelling_the_run_stops_every_block_and_installs_nothing()
    {
        var stages = new FakeStages { DownloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var cancellation = new CancellationTokenSource();
        var plan = Plan("env", Wheel("a"), Wheel("b"));
        var run = Pipeline(stages).RunAsync([plan], cancellation.Token);

        cancellation.Cancel();
        var result = await run.WaitAsync(Timeout);

        result.Succeeded.Should().BeFalse();
        result.Failures.Should().BeEmpty("a cancellation is not a failure of any distribution");
        stages.InstalledEnvironments.Should().BeEmpty();
    }

    [Fact]
    public async Task An_environment_with_only_removals_is_still_applied()
    {
        var stages = new FakeStages();
        var plan = Plan("env") with { Removals = [new Dataflow.Installer.Environments.InstalledDistribution("old", "1.0", "/p/old-1.0.dist-info")] };

        var result = await Pipeline(stages).RunAsync([plan], CancellationToken.None).WaitAsync(Timeout);

        result.Succeeded.Should().BeTrue();
        result.Environments.Single().Removed.Should().ContainSingle();
    }

    [Fact]
    public async Task With_fail_fast_no_environment_is_changed_when_any_file_fails_even_those_ready_early()
    {
        var stages = new FakeStages();
        stages.FailUnzips.Add("bad-1.0-py3-none-any.whl");
        var removalOnly = Plan("removal-only") with { Removals = [new Dataflow.Installer.Environments.InstalledDistribution("old", "1.0", "/p/old-1.0.dist-info")] };
        var plans = new[] { removalOnly, Plan("good", Wheel("good", 1000)), Plan("bad", Wheel("bad", 1)) };

        var result = await Pipeline(stages, new PipelineOptions { FailFast = true }).RunAsync(plans, CancellationToken.None).WaitAsync(Timeout);

        result.Succeeded.Should().BeFalse();
        stages.InstalledEnvironments.Should().BeEmpty();
        result.Environments.Should().OnlyContain(environment => !environment.Succeeded);
    }
}
