using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 4, end to end: a failure in a batch fails only the environments that need what failed, or with <c>--fail-fast</c> changes nothing.</summary>
public sealed class BatchFailureTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string Epsilon = "epsilon-1.0-py3-none-any.whl";

    [Theory]
    [InlineData("epsilon==1.0", "404")]
    [InlineData("no-such-project==1.0", "missing project")]
    public async Task A_failure_fails_only_the_environment_that_needs_it_and_leaves_that_environment_as_it_was(string failing, string cause)
    {
        using var workspace = new BatchWorkspace();
        await using var server = wheels.StartServer();
        workspace.WriteManifest(new Dictionary<string, string[]>
        {
            ["broken"] = ["alpha==1.0"],
            ["shares-alpha"] = ["alpha==1.0", "beta==1.0"],
            ["other"] = ["gamma==1.0"],
        });
        (await workspace.BatchAsync(server)).ShouldSucceed();
        var before = await workspace.SnapshotAsync("broken");
        if (cause == "404")
        {
            server.Fault[Epsilon] = TestIndexFault.NotFound;
        }
        var changed = new Dictionary<string, string[]>
        {
            ["broken"] = ["alpha==2.0", failing],
            // Shares alpha 2.0 with the failing environment, so that file must still be fetched and installed here.
            ["shares-alpha"] = ["alpha==2.0", "beta==1.0"],
            ["other"] = ["delta==1.0"],
            ["new"] = ["alpha==1.1"],
        };
        workspace.WriteManifest(changed);

        var batch = await workspace.BatchAsync(server);

        batch.ExitCode.Should().Be(1, batch.ToString());
        workspace.LineOf(batch, "broken").Should().StartWith("failed: ").And.Contain(failing.Split("==")[0]);
        workspace.LineOf(batch, "shares-alpha").Should().Be("ok (+1 -1)");
        workspace.LineOf(batch, "other").Should().Be("ok (+1 -1)");
        workspace.LineOf(batch, "new").Should().Be("ok (+1 -0)");
        batch.Stdout.Should().MatchRegex(@"\n4 environments in \d+\.\d\ds: 3 ok, 0 unchanged, 1 failed\n$");
        // Link counts move when another environment drops its hard link to a shared cache file.
        (await workspace.SnapshotAsync("broken")).ShouldBeUnchangedSince(before, ignoreLinkCounts: true, because: $"its {failing} failed ({cause})");
        (await workspace.PipListAsync("shares-alpha")).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0", ["beta"] = "1.0" });
        (await workspace.PipListAsync("other")).Should().BeEquivalentTo(new Dictionary<string, string> { ["delta"] = "1.0" });
        (await workspace.PipListAsync("new")).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.1" });

        using var report = await workspace.ReadReportAsync();
        var environments = report.RootElement.GetProperty("environments").EnumerateArray()
            .ToDictionary(item => Path.GetFileName(item.GetProperty("path").GetString()!));
        environments["broken"].GetProperty("status").GetString().Should().Be("failed");
        environments["broken"].GetProperty("error").GetString().Should().Contain(failing.Split("==")[0]);
        environments["broken"].GetProperty("installed").GetArrayLength().Should().Be(0);
        environments.Where(pair => pair.Key != "broken").Select(pair => pair.Value.GetProperty("status").GetString()).Should().AllBe("ok");
        if (cause == "404")
        {
            var epsilon = report.RootElement.GetProperty("distributions").EnumerateArray()
                .Single(item => item.GetProperty("file").GetString() == Epsilon);
            epsilon.GetProperty("error").GetProperty("stage").GetString().Should().Be("download");
        }
    }

    [Fact]
    public async Task With_fail_fast_a_failed_download_changes_no_environment()
    {
        using var workspace = new BatchWorkspace();
        await using var server = wheels.StartServer();
        workspace.WriteManifest(new Dictionary<string, string[]>
        {
            ["broken"] = ["alpha==1.0"],
            ["needs-alpha"] = ["alpha==1.0", "beta==1.0"],
            ["removes-only"] = ["alpha==1.0", "delta==1.0"],
        });
        (await workspace.BatchAsync(server)).ShouldSucceed();
        var names = new[] { "broken", "needs-alpha", "removes-only" };
        var before = await Task.WhenAll(names.Select(workspace.SnapshotAsync));
        server.Fault[Epsilon] = TestIndexFault.NotFound;
        // alpha 2.0 arrives only after the run has stopped, so no environment that needs it can be ready before epsilon fails.
        server.Fault["alpha-2.0-py3-none-any.whl"] = TestIndexFault.SlowBody;
        workspace.WriteManifest(new Dictionary<string, string[]>
        {
            ["broken"] = ["alpha==2.0", "epsilon==1.0"],
            ["needs-alpha"] = ["alpha==2.0", "beta==1.0"],
            // Needs no file at all: only delta is to be removed.
            ["removes-only"] = ["alpha==1.0"],
        });

        var batch = await workspace.BatchAsync(server, "--fail-fast");
        server.ReleaseSlowBodies();

        batch.ExitCode.Should().Be(1, batch.ToString());
        workspace.LineOf(batch, "broken").Should().StartWith("failed: ").And.Contain("epsilon");
        foreach (var name in names)
        {
            workspace.LineOf(batch, name).Should().StartWith("failed: ", batch.ToString());
        }
        var after = await Task.WhenAll(names.Select(workspace.SnapshotAsync));
        for (var i = 0; i < names.Length; i++)
        {
            after[i].ShouldBeUnchangedSince(before[i], ignoreLinkCounts: true, because: "--fail-fast stops every environment at the first failure");
        }
        using var report = await workspace.ReadReportAsync();
        report.RootElement.GetProperty("environments").EnumerateArray().Select(item => item.GetProperty("status").GetString())
            .Should().AllBe("failed");
    }

    [Fact]
    public async Task With_fail_fast_a_project_missing_from_the_index_changes_no_environment()
    {
        using var workspace = new BatchWorkspace();
        await using var server = wheels.StartServer();
        workspace.WriteManifest(new Dictionary<string, string[]>
        {
            ["broken"] = ["alpha==1.0"],
            ["fine"] = ["alpha==1.0"],
        });
        (await workspace.BatchAsync(server)).ShouldSucceed();
        var before = await Task.WhenAll(new[] { "broken", "fine" }.Select(workspace.SnapshotAsync));
        workspace.WriteManifest(new Dictionary<string, string[]>
        {
            ["broken"] = ["alpha==2.0", "no-such-project==1.0"],
            ["fine"] = ["alpha==2.0"],
        });

        var batch = await workspace.BatchAsync(server, "--fail-fast");

        batch.ExitCode.Should().Be(1, batch.ToString());
        workspace.LineOf(batch, "broken").Should().StartWith("failed: ").And.Contain("no-such-project");
        workspace.LineOf(batch, "fine").Should().StartWith("failed: ");
        server.RequestedPaths.Should().NotContain(path => path.StartsWith("/files/alpha-2.0", StringComparison.Ordinal));
        (await workspace.SnapshotAsync("broken")).ShouldBeUnchangedSince(before[0], ignoreLinkCounts: true);
        (await workspace.SnapshotAsync("fine")).ShouldBeUnchangedSince(before[1], ignoreLinkCounts: true);
    }
}
