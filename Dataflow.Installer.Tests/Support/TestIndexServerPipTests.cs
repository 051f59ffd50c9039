using System.Diagnostics;

namespace Dataflow.Installer.Tests.Support;

public sealed class TestIndexServerPipTests
{
    [Theory]
    [InlineData(TestIndexFormat.Html)]
    [InlineData(TestIndexFormat.Json)]
    public async Task Real_pip_downloads_from_the_test_index_and_checks_its_hashes(TestIndexFormat format)
    {
        using var folder = new TemporaryDirectory();
        var served = folder.Combine("served");
        TestDistributions.WriteWheel(served, "demo_pkg-1.0-py3-none-any.whl");
        TestDistributions.WriteWheel(served, "demo_pkg-2.0-py3-none-any.whl");
        await using var server = TestIndexServer.Start(served);
        server.Format = format;
        server.Yanked["demo_pkg-2.0-py3-none-any.whl"] = "broken";

        var (exitCode, output) = await RunPipAsync(
            ["download", "--no-deps", "--disable-pip-version-check", "--no-cache-dir", "--index-url", server.IndexUrl.AbsoluteUri,
             "--dest", folder.Combine("downloaded"), "Demo.Pkg"]);

        exitCode.Should().Be(0, output);
        Directory.GetFiles(folder.Combine("downloaded")).Select(Path.GetFileName)
            .Should().Equal(["demo_pkg-1.0-py3-none-any.whl"], "pip skips the yanked 2.0");
        server.CountRequests("/files/demo_pkg-1.0-py3-none-any.whl").Should().Be(1);
    }

    private static async Task<(int ExitCode, string Output)> RunPipAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-m");
        start.ArgumentList.Add("pip");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
