using Dataflow.Installer.Build;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issues 3 and 4 together: <c>dfi batch</c> builds an sdist that many environments share once per kind of interpreter.</summary>
public sealed class BatchBuildTests
{
    private const string DebianPython = "/usr/bin/python3";
    private const string Sdist = "shared_tool-1.0.tar.gz";

    [Fact]
    public async Task Environments_that_share_an_sdist_get_one_build_per_interpreter_tag_and_all_import_it()
    {
        using var workspace = new BatchWorkspace();
        var served = SourceDists.InTree(workspace.Combine("served"), "shared-tool", "1.0", []);
        await using var server = TestIndexServer.Start(served);
        var environments = new Dictionary<string, string[]>
        {
            ["env-a"] = ["shared-tool==1.0"],
            ["env-b"] = ["shared-tool==1.0"],
            ["env-c"] = ["shared-tool==1.0"],
        };
        var onDebian = File.Exists(DebianPython) ? "env-debian" : null;
        if (onDebian is not null)
        {
            environments[onDebian] = ["shared-tool==1.0"];
        }
        workspace.WriteManifest(environments, name => name == onDebian ? DebianPython : null);
        var probe = workspace.Combine("probe");

        // The in-tree backend leaves one seen-PID file in the probe folder for every build_wheel call.
        var batch = await workspace.BatchAsync(server, "-C", "probe-dir=" + probe);

        batch.ShouldSucceed();
        foreach (var name in environments.Keys)
        {
            workspace.LineOf(batch, name).Should().Be("ok (+1 -0)");
            (await ChildProcess.RunAsync(workspace.PythonOf(name), ["-c", "import sys, shared_tool; print(shared_tool.GREETING)"]))
                .ShouldSucceed().Stdout.Should().Be("hello from shared_tool\n", name);
        }
        server.CountRequests("/files/" + Sdist).Should().Be(1, "the sdist is downloaded once for every environment");
        var bucket = Path.Combine(workspace.Cache, "built-wheels-v1");
        var entry = Directory.GetDirectories(bucket).Should().ContainSingle("one sdist was built").Subject;
        var tagKeys = Directory.GetDirectories(entry);
        tagKeys.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(onDebian is null ? 1 : 2);
        foreach (var tagKey in tagKeys)
        {
            Directory.GetFiles(tagKey).Select(Path.GetFileName).Should().BeEquivalentTo(
                ["shared_tool-1.0-py3-none-any.whl", "shared_tool-1.0-py3-none-any.whl" + BuiltWheelCache.HashFileSuffix], "one wheel per interpreter tag, with its kept hash");
        }
        Directory.GetFiles(probe, "seen-*").Should().HaveCount(tagKeys.Length, "each interpreter tag's wheel is built once, however many environments want it");
        Directory.GetFileSystemEntries(Path.Combine(workspace.Cache, ".tmp")).Should().BeEmpty();

        var again = await workspace.BatchAsync(server, "-C", "probe-dir=" + probe);

        again.ShouldSucceed();
        foreach (var name in environments.Keys)
        {
            workspace.LineOf(again, name).Should().Be("unchanged");
        }
        Directory.GetFiles(probe, "seen-*").Should().HaveCount(tagKeys.Length, "a second run builds nothing");
    }

    [Fact]
    public async Task New_environments_in_a_second_batch_reuse_the_built_wheel_from_the_cache()
    {
        using var workspace = new BatchWorkspace();
        var served = SourceDists.InTree(workspace.Combine("served"), "shared-tool", "1.0", []);
        await using var server = TestIndexServer.Start(served);
        var probe = workspace.Combine("probe");
        workspace.WriteManifest(new Dictionary<string, string[]> { ["first"] = ["shared-tool==1.0"] });
        (await workspace.BatchAsync(server, "-C", "probe-dir=" + probe)).ShouldSucceed();

        workspace.WriteManifest(new Dictionary<string, string[]> { ["second"] = ["shared-tool==1.0"], ["third"] = ["shared-tool==1.0"] });
        var batch = await workspace.BatchAsync(server, "-C", "probe-dir=" + probe);

        batch.ShouldSucceed();
        workspace.LineOf(batch, "second").Should().Be("ok (+1 -0)");
        workspace.LineOf(batch, "third").Should().Be("ok (+1 -0)");
        Directory.GetFiles(probe, "seen-*").Should().ContainSingle("the wheel built by the first batch serves the second");
        (await workspace.PipAsync("third", "check")).ShouldSucceed();
    }
}
