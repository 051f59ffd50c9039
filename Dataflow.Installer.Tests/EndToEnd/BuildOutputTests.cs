using System.Formats.Tar;
using System.IO.Compression;
using Dataflow.Installer.Tests.Build;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 3: what a failing build shows on stderr — the backend's last lines, or everything with <c>-v</c>.</summary>
public sealed class BuildOutputTests
{
    private static string NoisySdist(SyncSandbox sandbox, int lines)
    {
        var tree = NoisyBackendTree.Write(sandbox.Combine("noisy-src"), lines);
        var links = sandbox.Combine("links");
        Directory.CreateDirectory(links);
        using var output = File.Create(Path.Combine(links, "noisy_demo-1.0.tar.gz"));
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        TarFile.CreateFromDirectory(tree, gzip, includeBaseDirectory: true);
        return links;
    }

    [Fact]
    public async Task A_failing_build_shows_what_the_backend_printed_on_both_streams_and_its_exception()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = SourceDists.Pack(sandbox.Combine("links"), "failingDemo", "failing_demo");
        var requirements = sandbox.WriteRequirements("requirements.txt", "failing-demo==1.0");

        var sync = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");

        sync.ExitCode.Should().Be(1, sync.ToString());
        sync.Stderr.Should().Contain("failing_demo-1.0.tar.gz")
            .And.Contain("failing backend: looking for a compiler")
            .And.Contain("failing backend: none found")
            .And.Contain("RuntimeError: failingDemo cannot be built: the compiler 'imaginary-cc' was not found");
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task Without_v_only_the_last_lines_are_shown_and_with_v_all_of_them()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var links = NoisySdist(sandbox, lines: 80);
        var requirements = sandbox.WriteRequirements("requirements.txt", "noisy-demo==1.0");

        var quiet = await sandbox.SyncAsync(requirements, "-f", links, "--no-index");
        var verbose = await sandbox.SyncAsync(requirements, "-f", links, "--no-index", "-v");

        quiet.ExitCode.Should().Be(1, quiet.ToString());
        var quietLines = quiet.Stderr.Split('\n').Select(line => line.Trim()).ToList();
        // The driver sends the backend's stdout into its stderr, so the tail is in the order it was written: the traceback last.
        quietLines.Should().Contain("noisy line 80").And.Contain(NoisyBackendTree.Failure).And.NotContain("noisy line 1").And.NotContain("noisy line 40");
        quietLines.Should().Contain(line => line.StartsWith("(... ", StringComparison.Ordinal) && line.EndsWith(" earlier lines)", StringComparison.Ordinal));
        quietLines.Count(line => line.StartsWith("noisy line ", StringComparison.Ordinal)).Should().BeLessThanOrEqualTo(30);
        quiet.Stderr.Should().MatchRegex(@"\(\.\.\. \d+ earlier lines\)");
        verbose.ExitCode.Should().Be(1, verbose.ToString());
        var verboseLines = verbose.Stderr.Split('\n').Select(line => line.Trim()).ToList();
        for (var number = 1; number <= 80; number++)
        {
            verboseLines.Should().Contain($"noisy line {number}", verbose.ToString());
        }
        verboseLines.Should().Contain(NoisyBackendTree.Failure);
    }
}
