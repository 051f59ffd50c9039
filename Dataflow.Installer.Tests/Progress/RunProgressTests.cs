using Dataflow.Installer.Cache;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Progress;
using Dataflow.Installer.Tests.Pipeline;

namespace Dataflow.Installer.Tests.Progress;

public sealed class RunProgressTests
{
    private sealed class SilentReporter : IPipelineReporter
    {
        public void ArtifactsPlanned(IReadOnlyList<DistributionArtifact> artifacts)
        {
        }

        public void StageCompleted(ArtifactJob job, PipelineStage stage)
        {
        }

        public void EnvironmentCompleted(EnvironmentResult result)
        {
        }
    }

    private static readonly DistributionArtifact Alpha = PipelineTestData.Wheel("alpha", 3000);
    private static readonly DistributionArtifact Beta = PipelineTestData.Wheel("beta", 2000);
    private static readonly DistributionArtifact Eta = PipelineTestData.SourceDist("eta");

    private static (RunProgress Progress, ProgressReporter Reporter) Started(params EnvironmentPlan[] plans)
    {
        var progress = new RunProgress();
        var reporter = new ProgressReporter(progress, new SilentReporter(), countsEnvironments: true);
        reporter.EnvironmentsPlanned(plans);
        reporter.ArtifactsPlanned(plans.SelectMany(plan => plan.Installs).Select(install => install.Artifact).DistinctBy(artifact => artifact.Key).ToList());
        return (progress, reporter);
    }

    [Fact]
    public void Totals_come_from_the_plans_bytes_from_the_index_sizes()
    {
        var (progress, _) = Started(PipelineTestData.Plan("one", Alpha, Beta), PipelineTestData.Plan("two", Alpha, Eta));

        var snapshot = progress.Snapshot();

        snapshot.BytesTotal.Should().Be(3000 + 2000 + 1);
        snapshot.DownloadsTotal.Should().Be(3);
        snapshot.BuildsTotal.Should().Be(1);
        snapshot.UnzipsTotal.Should().Be(3);
        snapshot.InstallsTotal.Should().Be(4, "alpha goes into both environments");
        snapshot.EnvironmentsTotal.Should().Be(2);
    }

    [Fact]
    public void A_cache_hit_leaves_the_download_and_unzip_totals()
    {
        var (progress, reporter) = Started(PipelineTestData.Plan("one", Alpha, Beta));

        reporter.StageCompleted(new ArtifactJob(Alpha) { CacheHit = true, Entry = CacheEntry.At(new string('a', 64), "/cache/a") }, PipelineStage.Download);

        var snapshot = progress.Snapshot();
        snapshot.BytesTotal.Should().Be(2000);
        snapshot.DownloadsTotal.Should().Be(1);
        snapshot.UnzipsTotal.Should().Be(1);
        snapshot.DownloadsDone.Should().Be(0);
    }

    [Fact]
    public void Bytes_of_a_failed_attempt_are_taken_back_and_an_unknown_size_comes_from_content_length()
    {
        var unsized = Alpha with { Size = null };
        var (progress, _) = Started(PipelineTestData.Plan("one", unsized));

        progress.Started(unsized.Url, 5000);
        progress.Received(unsized.Url, 2500);
        progress.Received(unsized.Url, -2500);
        progress.Started(unsized.Url, 5000);
        progress.Received(unsized.Url, 5000);

        var snapshot = progress.Snapshot();
        snapshot.BytesTotal.Should().Be(5000, "a retry's Content-Length is not counted twice");
        snapshot.BytesDone.Should().Be(5000);
    }

    [Fact]
    public void Running_builds_are_named_until_they_finish_or_fail()
    {
        var other = PipelineTestData.SourceDist("theta");
        var (progress, reporter) = Started(PipelineTestData.Plan("one", Eta, other));

        reporter.StageStarted(new ArtifactJob(Eta), PipelineStage.Build);
        reporter.StageStarted(new ArtifactJob(other), PipelineStage.Build);
        progress.Snapshot().BuildsRunning.Should().Equal("eta==1.0", "theta==1.0");

        reporter.StageCompleted(new ArtifactJob(Eta) { IsBuilt = true }, PipelineStage.Build);
        reporter.StageFailed(new ArtifactJob(other), new StageFailure(other.Display, PipelineStage.Build, "setup.py failed"));

        var snapshot = progress.Snapshot();
        snapshot.BuildsRunning.Should().BeEmpty();
        snapshot.BuildsDone.Should().Be(1);
    }

    [Fact]
    public void A_nested_build_environment_run_adds_its_files_but_not_its_environment()
    {
        var (progress, _) = Started(PipelineTestData.Plan("one", Alpha));
        var nested = new ProgressReporter(progress, new SilentReporter(), countsEnvironments: false);
        var setuptools = PipelineTestData.Wheel("setuptools", 1_000_000);
        var buildEnvironment = PipelineTestData.Plan("build", setuptools);

        nested.EnvironmentsPlanned([buildEnvironment]);
        nested.ArtifactsPlanned([setuptools]);
        nested.EnvironmentCompleted(new EnvironmentResult(buildEnvironment, [], [], []));

        var snapshot = progress.Snapshot();
        snapshot.DownloadsTotal.Should().Be(2);
        snapshot.BytesTotal.Should().Be(1_003_000);
        snapshot.EnvironmentsTotal.Should().Be(1);
        snapshot.EnvironmentsDone.Should().Be(0);
        snapshot.InstallsTotal.Should().Be(1);
    }

    [Fact]
    public void A_finished_environment_counts_its_installs_only_when_it_succeeded()
    {
        var one = PipelineTestData.Plan("one", Alpha, Beta);
        var two = PipelineTestData.Plan("two", Alpha);
        var (progress, reporter) = Started(one, two);

        reporter.EnvironmentCompleted(new EnvironmentResult(one, [], [], []));
        reporter.EnvironmentCompleted(EnvironmentResult.Failed(two, [new StageFailure("alpha==1.0", PipelineStage.Install, "disk full")]));

        var snapshot = progress.Snapshot();
        snapshot.InstallsDone.Should().Be(2);
        snapshot.EnvironmentsDone.Should().Be(2);
    }

    [Fact]
    public void Local_files_are_not_downloads()
    {
        var local = Alpha with { Url = new Uri("file:///wheels/alpha-1.0-py3-none-any.whl") };
        var (progress, _) = Started(PipelineTestData.Plan("one", local));

        var snapshot = progress.Snapshot();

        snapshot.DownloadsTotal.Should().Be(0);
        snapshot.BytesTotal.Should().Be(0);
        snapshot.UnzipsTotal.Should().Be(1);
    }
}
