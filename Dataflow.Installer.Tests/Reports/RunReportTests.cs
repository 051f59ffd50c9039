using System.Text;
using System.Text.Json;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Reports;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Pipeline;

namespace Dataflow.Installer.Tests.Reports;

public sealed class RunReportTests
{
    private static readonly string WheelSha256 = new('a', 64);
    private static readonly string BuiltSha256 = new('b', 64);

    private static readonly DistributionArtifact Fetched = new(
        PackageName.Parse("Alpha"), "2.0", "alpha-2.0-py3-none-any.whl", new Uri("https://alice:s3cret@packages.example/files/alpha-2.0-py3-none-any.whl"),
        ExpectedHashes.None, 2481, IsWheel: true);

    private static readonly DistributionArtifact Cached = PipelineTestData.Wheel("beta", 900);

    private static readonly DistributionArtifact Source = PipelineTestData.SourceDist("eta");

    private static readonly DistributionArtifact Broken = PipelineTestData.Wheel("epsilon");

    private static PipelineResult Result(EnvironmentPlan plan, params StageFailure[] environmentFailures)
    {
        var failure = new StageFailure(Broken.Display, PipelineStage.Download, "https://packages.example/files/epsilon answered 404 Not Found");
        var jobs = new List<ArtifactJob>
        {
            new ArtifactJob(Fetched) { Archive = new DownloadedArchive("/tmp/alpha.whl", WheelSha256, 2500, IsScratch: true), Entry = CacheEntry.At(WheelSha256, "/cache/a") }
                .WithSeconds(PipelineStage.Download, 0.25).WithSeconds(PipelineStage.Unzip, 0.01),
            new ArtifactJob(Cached) { Entry = CacheEntry.At(WheelSha256, "/cache/b"), CacheHit = true }.WithSeconds(PipelineStage.Download, 0.001),
            new ArtifactJob(Source) { Entry = CacheEntry.At(BuiltSha256, "/cache/e"), IsBuilt = true }.WithSeconds(PipelineStage.Build, 3.5),
            new ArtifactJob(Broken) { Failure = failure }.WithSeconds(PipelineStage.Download, 0.1),
        };
        var installed = environmentFailures.Length == 0 ? new[] { Installed("Alpha", "2.0") } : [];
        return new PipelineResult([new EnvironmentResult(plan, installed, environmentFailures.Length == 0 ? [Installed("Alpha", "1.0")] : [], environmentFailures)], jobs);
    }

    private static InstalledDistribution Installed(string name, string version) => new(name, version, $"/p/{name}-{version}.dist-info");

    private static EnvironmentPlan Plan() => PipelineTestData.Plan("/envs/app", Fetched) with { Unchanged = [Installed("gamma", "1.0")] };

    private static JsonDocument Render(string command, ReportEnvironment environment, PipelineResult? result) =>
        JsonDocument.Parse(RunReport.Render(command, [environment], result, TimeSpan.FromSeconds(1.5)));

    [Fact]
    public void A_sync_report_validates_against_the_schema_and_names_what_was_installed_removed_and_kept()
    {
        var plan = Plan();
        var result = Result(plan);
        using var report = Render("sync", ReportEnvironment.From("/envs/app", plan, result.Environments[0]), result);

        ReportSchema.Load().Validate(report.RootElement).Should().BeEmpty();
        var root = report.RootElement;
        root.GetProperty("version").GetInt32().Should().Be(1);
        root.GetProperty("command").GetString().Should().Be("sync");
        root.GetProperty("seconds").GetDouble().Should().Be(1.5);
        var environment = root.GetProperty("environments")[0];
        environment.GetProperty("status").GetString().Should().Be("ok");
        environment.GetProperty("installed")[0].GetProperty("version").GetString().Should().Be("2.0");
        environment.GetProperty("removed")[0].GetProperty("version").GetString().Should().Be("1.0");
        environment.GetProperty("unchanged")[0].GetProperty("name").GetString().Should().Be("gamma");
    }

    [Fact]
    public void Each_distribution_has_its_redacted_url_hash_size_cache_hit_build_and_seconds_per_stage()
    {
        var plan = Plan();
        var result = Result(plan);
        using var report = Render("sync", ReportEnvironment.From("/envs/app", plan, result.Environments[0]), result);

        var distributions = report.RootElement.GetProperty("distributions").EnumerateArray().ToDictionary(item => item.GetProperty("name").GetString()!);
        var alpha = distributions["alpha"];
        alpha.GetProperty("source").GetString().Should().Be("https://alice:****@packages.example/files/alpha-2.0-py3-none-any.whl");
        report.RootElement.ToString().Should().NotContain("s3cret");
        alpha.GetProperty("sha256").GetString().Should().Be(WheelSha256);
        alpha.GetProperty("size").GetInt64().Should().Be(2500, "the size fetched wins over the index's");
        alpha.GetProperty("cache_hit").GetBoolean().Should().BeFalse();
        alpha.GetProperty("seconds").GetProperty("download").GetDouble().Should().Be(0.25);
        alpha.GetProperty("seconds").GetProperty("unzip").GetDouble().Should().Be(0.01);
        distributions["beta"].GetProperty("cache_hit").GetBoolean().Should().BeTrue();
        distributions["beta"].GetProperty("size").GetInt64().Should().Be(900);
        var eta = distributions["eta"];
        eta.GetProperty("built").GetBoolean().Should().BeTrue();
        eta.GetProperty("sha256").ValueKind.Should().Be(JsonValueKind.Null, "the index gave no hash of the source distribution");
        eta.GetProperty("wheel_sha256").GetString().Should().Be(BuiltSha256);
        eta.GetProperty("seconds").GetProperty("build").GetDouble().Should().Be(3.5);
    }

    [Fact]
    public void Errors_name_their_distribution_and_stage_once_each()
    {
        var plan = Plan();
        var download = new StageFailure(Broken.Display, PipelineStage.Download, "https://packages.example/files/epsilon answered 404 Not Found");
        var result = Result(plan, download);
        using var report = Render("sync", ReportEnvironment.From("/envs/app", plan, result.Environments[0]), result);

        ReportSchema.Load().Validate(report.RootElement).Should().BeEmpty();
        var root = report.RootElement;
        root.GetProperty("succeeded").GetBoolean().Should().BeFalse();
        var errors = root.GetProperty("errors").EnumerateArray().ToList();
        errors.Should().ContainSingle("the environment's failure and the file's are the same one");
        errors[0].GetProperty("distribution").GetString().Should().Be("epsilon==1.0");
        errors[0].GetProperty("stage").GetString().Should().Be("download");
        var environment = root.GetProperty("environments")[0];
        environment.GetProperty("status").GetString().Should().Be("failed");
        environment.GetProperty("failures")[0].GetProperty("stage").GetString().Should().Be("download");
        environment.GetProperty("error").GetString().Should().Be("epsilon==1.0: download failed: https://packages.example/files/epsilon answered 404 Not Found");
        var epsilon = root.GetProperty("distributions").EnumerateArray().Single(item => item.GetProperty("name").GetString() == "epsilon");
        epsilon.GetProperty("error").GetProperty("stage").GetString().Should().Be("download");
    }

    [Fact]
    public void A_planning_failure_is_reported_at_the_find_stage_with_no_distributions()
    {
        using var report = Render("sync", ReportEnvironment.PlanningFailed("/envs/app", "no-such-project is not on the index"), null);

        ReportSchema.Load().Validate(report.RootElement).Should().BeEmpty();
        report.RootElement.GetProperty("distributions").GetArrayLength().Should().Be(0);
        var error = report.RootElement.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("stage").GetString().Should().Be("find");
        error.GetProperty("message").GetString().Should().Be("no-such-project is not on the index");
    }

    [Fact]
    public void An_environment_with_nothing_to_do_is_unchanged_and_lists_what_it_kept()
    {
        var plan = PipelineTestData.Plan("/envs/app") with { Unchanged = [Installed("Zope.Thing", "3.0"), Installed("alpha", "2.0")] };
        using var report = Render("sync", ReportEnvironment.From("/envs/app", plan, null), null);

        ReportSchema.Load().Validate(report.RootElement).Should().BeEmpty();
        var environment = report.RootElement.GetProperty("environments")[0];
        environment.GetProperty("status").GetString().Should().Be("unchanged");
        environment.GetProperty("unchanged").EnumerateArray().Select(item => item.GetProperty("name").GetString()).Should().Equal("alpha", "Zope.Thing");
        report.RootElement.GetProperty("succeeded").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void The_validator_rejects_a_report_that_breaks_the_schema()
    {
        var plan = Plan();
        var result = Result(plan);
        var json = Encoding.UTF8.GetString(RunReport.Render("sync", [ReportEnvironment.From("/envs/app", plan, result.Environments[0])], result, TimeSpan.Zero));

        var schema = ReportSchema.Load();
        schema.Validate(json.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)).Should().ContainSingle().Which.Should().StartWith("/version");
        schema.Validate(json.Replace("\"cache_hit\"", "\"cached\"", StringComparison.Ordinal)).Should().Contain(error => error.Contains("lacks \"cache_hit\""));
        schema.Validate(json.Replace("\"stage\": \"download\"", "\"stage\": \"fetch\"", StringComparison.Ordinal)).Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_schema_agrees_with_pythons_jsonschema_where_it_is_installed()
    {
        var probe = await ChildProcess.RunAsync("python3", ["-c", "import jsonschema"]);
        if (probe.ExitCode != 0)
        {
            // The hand-written validator above is the check everywhere; this one only confirms it where it can.
            return;
        }
        var plan = Plan();
        var result = Result(plan);
        using var folder = new Support.TemporaryDirectory();
        var reportPath = folder.Combine("report.json");
        await File.WriteAllBytesAsync(reportPath, RunReport.Render("batch", [ReportEnvironment.From("/envs/app", plan, result.Environments[0])], result, TimeSpan.Zero));
        var script = "import json, sys, jsonschema; schema = json.load(open(sys.argv[1])); "
            + "jsonschema.Draft202012Validator.check_schema(schema); "
            + "jsonschema.Draft202012Validator(schema, format_checker=None).validate(json.load(open(sys.argv[2]))); print('valid')";

        var check = await ChildProcess.RunAsync("python3", ["-c", script, ReportSchema.FilePath, reportPath]);

        check.ShouldSucceed().Stdout.Should().Be("valid\n");
    }

    [Fact]
    public async Task A_report_file_is_written_whole_and_replaces_an_older_one()
    {
        using var folder = new Support.TemporaryDirectory();
        var path = folder.Combine("report.json");
        await File.WriteAllTextAsync(path, "old");

        await RunReport.WriteAsync(path, Encoding.UTF8.GetBytes("{}"), CancellationToken.None);

        (await File.ReadAllTextAsync(path)).Should().Be("{}");
        Directory.GetFiles(folder.Path).Should().ContainSingle("no temporary file is left beside it");
    }
}
