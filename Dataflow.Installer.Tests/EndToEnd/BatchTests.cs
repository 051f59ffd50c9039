using System.Text.Json;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 4, end to end: <c>dfi batch</c> brings many environments in line in one run, sharing downloads.</summary>
public sealed class BatchTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string DebianPython = "/usr/bin/python3";

    private static readonly string[] Optional =
        ["beta==1.0", "gamma==1.0", "delta==1.0", "epsilon==1.0", "zeta==1.0", "Zope.Thing==3.0", "zope.other==1.0"];

    [Fact]
    public async Task Twenty_overlapping_environments_fetch_each_file_once_and_a_second_run_leaves_them_unchanged()
    {
        using var workspace = new BatchWorkspace();
        await using var server = wheels.StartServer();
        var environments = TwentyEnvironments();
        var onDebian = File.Exists(DebianPython) ? "env-00" : null;
        workspace.WriteManifest(environments, name => name == onDebian ? DebianPython : null);

        var batch = await workspace.BatchAsync(server);

        batch.ShouldSucceed();
        foreach (var name in environments.Keys)
        {
            workspace.LineOf(batch, name).Should().Be($"ok (+{environments[name].Length} -0)");
        }
        batch.Stdout.Should().MatchRegex(@"\n20 environments in \d+\.\d\ds: 20 ok, 0 unchanged, 0 failed\n$");
        var lists = await workspace.PipListEachAsync(environments.Keys);
        foreach (var (name, list) in lists)
        {
            list.Should().BeEquivalentTo(Expected(environments[name]), $"pip list of {name}");
        }
        lists.Should().HaveCount(20);
        // pip against each environment's own interpreter, on a few: a full pip start-up per environment is slow.
        foreach (var name in new[] { "env-00", "env-07", "env-13", "env-19" })
        {
            (await workspace.PipListAsync(name)).Should().BeEquivalentTo(Expected(environments[name]), $"pip --python list of {name}");
            (await workspace.PipAsync(name, "check")).ShouldSucceed();
        }

        var files = server.RequestedPaths.Where(path => path.StartsWith("/files/", StringComparison.Ordinal)).ToList();
        files.Should().OnlyHaveUniqueItems("every file is fetched once for all the environments that share it");
        var fetched = files.Select(path => path["/files/".Length..]).ToHashSet(StringComparer.Ordinal);
        fetched.Select(file => PackageName.Parse(wheels.Files[file].Project).Normalized + "==" + wheels.Files[file].Version)
            .Should().BeEquivalentTo(environments.Values.SelectMany(pins => pins).Select(Normalized).Distinct(), "one file per distinct pin");
        server.UnexpectedErrors.Should().BeEmpty();

        using (var report = await workspace.ReadReportAsync())
        {
            var root = report.RootElement;
            root.GetProperty("version").GetInt32().Should().Be(1);
            var reported = root.GetProperty("environments").EnumerateArray().ToList();
            reported.Should().HaveCount(20);
            foreach (var environment in reported)
            {
                var name = Path.GetFileName(environment.GetProperty("path").GetString()!);
                environment.GetProperty("status").GetString().Should().Be("ok");
                environment.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
                environment.GetProperty("installed").EnumerateArray()
                    .Select(item => PackageName.Parse(item.GetProperty("name").GetString()!).Normalized + "==" + item.GetProperty("version").GetString())
                    .Should().BeEquivalentTo(environments[name].Select(Normalized), $"the report's installed list of {name}");
                environment.GetProperty("removed").GetArrayLength().Should().Be(0);
            }
            var distributions = root.GetProperty("distributions").EnumerateArray().ToList();
            distributions.Select(item => item.GetProperty("file").GetString()).Should().BeEquivalentTo(fetched);
            foreach (var distribution in distributions)
            {
                var file = distribution.GetProperty("file").GetString()!;
                distribution.GetProperty("cache_hit").GetBoolean().Should().BeFalse(file);
                distribution.GetProperty("sha256").GetString().Should().Be(wheels.Sha256Of(file));
                distribution.GetProperty("source").GetString().Should().Be(server.FileUrl(file).AbsoluteUri);
                distribution.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
                distribution.GetProperty("seconds").TryGetProperty("download", out _).Should().BeTrue(file);
            }
        }

        if (onDebian is not null)
        {
            var python = await ChildProcess.RunAsync(workspace.PythonOf(onDebian),
                ["-c", "import sys, alpha, beta, gamma; print(sys.version.split()[0], alpha.greet(), gamma.add(2, 3))"]);
            python.ShouldSucceed().Stdout.Should().Be("3.11.2 alpha 1.0 greets world 5\n");
        }

        var before = await Task.WhenAll(environments.Keys.Select(workspace.SnapshotAsync));
        var requestsBefore = server.RequestedPaths.Count;

        var again = await workspace.BatchAsync(server);

        again.ShouldSucceed();
        foreach (var name in environments.Keys)
        {
            workspace.LineOf(again, name).Should().Be("unchanged");
        }
        again.Stdout.Should().MatchRegex(@"\n20 environments in \d+\.\d\ds: 0 ok, 20 unchanged, 0 failed\n$");
        server.RequestedPaths.Skip(requestsBefore).Should().BeEmpty("nothing needs the index when every environment already matches");
        var after = await Task.WhenAll(environments.Keys.Select(workspace.SnapshotAsync));
        for (var i = 0; i < before.Length; i++)
        {
            after[i].ShouldBeUnchangedSince(before[i], ignoreLinkCounts: true);
        }
        using (var report = await workspace.ReadReportAsync())
        {
            report.RootElement.GetProperty("environments").EnumerateArray().Select(item => item.GetProperty("status").GetString())
                .Should().HaveCount(20).And.AllBe("unchanged");
            report.RootElement.GetProperty("distributions").GetArrayLength().Should().Be(0);
        }
    }

    [Fact]
    public async Task Recreate_replaces_an_existing_environment_and_installs_into_the_fresh_one()
    {
        using var workspace = new BatchWorkspace();
        await using var server = wheels.StartServer();
        var environments = new Dictionary<string, string[]> { ["app"] = ["alpha==2.0", "beta==1.0"] };
        workspace.WriteManifest(environments);
        (await workspace.BatchAsync(server)).ShouldSucceed();
        var marker = Path.Combine(workspace.EnvironmentPath("app"), "lib", "python3.11", "site-packages", "marker.txt");
        await File.WriteAllTextAsync(marker, "made before --recreate");
        var unrelated = Path.Combine(workspace.EnvironmentPath("app"), "marker-at-the-top.txt");
        await File.WriteAllTextAsync(unrelated, "made before --recreate");

        var batch = await workspace.BatchAsync(server, "--recreate");

        batch.ShouldSucceed();
        workspace.LineOf(batch, "app").Should().Be("ok (+2 -0)", "a fresh environment has everything installed again");
        File.Exists(marker).Should().BeFalse();
        File.Exists(unrelated).Should().BeFalse();
        (await workspace.PipListAsync("app")).Should().BeEquivalentTo(Expected(environments["app"]));
        (await workspace.PipAsync("app", "check")).ShouldSucceed();
        (await ChildProcess.RunAsync(workspace.PythonOf("app"), ["-c", "import alpha, beta; print(beta.shout())"]))
            .ShouldSucceed().Stdout.Should().Be("ALPHA 2.0 GREETS BETA\n");
    }

    /// <summary>
    /// env-00 … env-19: alpha 1.0, 1.1 and 2.0 in turn, plus a varying choice of the other projects, so the sets
    /// overlap in every way. beta requires alpha, which every set has.
    /// </summary>
    private static Dictionary<string, string[]> TwentyEnvironments()
    {
        string[] alphas = ["alpha==1.0", "alpha==1.1", "alpha==2.0"];
        var environments = new Dictionary<string, string[]>();
        for (var i = 0; i < 20; i++)
        {
            var mask = (i * 11 + 3) % 128;
            environments[$"env-{i:00}"] = [alphas[i % 3], .. Optional.Where((_, bit) => (mask & (1 << bit)) != 0)];
        }
        environments.Values.SelectMany(pins => pins).Distinct().Should().HaveCount(Optional.Length + alphas.Length, "every project is used");
        return environments;
    }

    private static Dictionary<string, string> Expected(IEnumerable<string> pins) =>
        pins.Select(pin => pin.Split("==")).ToDictionary(parts => parts[0], parts => parts[1]);

    private static string Normalized(string pin)
    {
        var parts = pin.Split("==");
        return PackageName.Parse(parts[0]).Normalized + "==" + parts[1];
    }
}
