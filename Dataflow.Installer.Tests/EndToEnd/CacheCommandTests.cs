using System.Diagnostics;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Tests.Cache;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 5, end to end: <c>dfi cache</c> as a user runs it, and its lock against other processes.</summary>
public sealed class CacheCommandTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static Task<ProcessResult> CacheAsync(CacheRoot cache, params string[] arguments) =>
        DfiProcess.RunAsync(["cache", .. arguments, "--cache-dir", cache.Path], environment: null);

    [Fact]
    public async Task Dir_prints_the_cache_folder_from_the_environment()
    {
        using var folder = new TemporaryDirectory();

        var dir = (await DfiProcess.RunAsync(["cache", "dir"], new Dictionary<string, string?> { ["DFI_CACHE_DIR"] = folder.Path })).ShouldSucceed();

        dir.Stdout.Should().Be(folder.Path + "\n");
    }

    [Fact]
    public async Task Stats_prints_one_line_per_bucket_and_a_total()
    {
        using var cache = new PopulatedCache();
        cache.AddWheel("demo-1.0-py3-none-any.whl");
        cache.AddWheel("other-1.0-py3-none-any.whl");
        cache.AddPage("demo");

        var stats = (await CacheAsync(cache.Root, "stats")).ShouldSucceed();

        var lines = stats.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain(line => line.StartsWith("wheels-v1 ", StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "2");
        lines.Should().Contain(line => line.StartsWith("simple-v1 ", StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "1");
        lines.Should().Contain(line => line.StartsWith("built-wheels-v1 ", StringComparison.Ordinal));
        lines[^1].Should().StartWith("total").And.Contain(" 5 ", "two wheels, their two pointers and a page");
    }

    [Fact]
    public async Task Clean_of_a_project_reports_what_went_and_keeps_the_rest()
    {
        using var cache = new PopulatedCache();
        var demo = cache.AddWheel("demo-1.0-py3-none-any.whl");
        var other = cache.AddWheel("other-1.0-py3-none-any.whl");

        var clean = (await CacheAsync(cache.Root, "clean", "Demo")).ShouldSucceed();

        clean.Stdout.Should().Contain($"wheels-v1/{demo} (demo 1.0").And.Contain("Cleaned 2 items");
        Directory.Exists(cache.Root.WheelEntryPath(demo)).Should().BeFalse();
        Directory.Exists(cache.Root.WheelEntryPath(other)).Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_sub_command_is_a_usage_error_naming_it()
    {
        using var cache = new PopulatedCache();

        var result = await CacheAsync(cache.Root, "purge");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("'purge'");
    }

    [Fact]
    public async Task An_exported_cache_imported_elsewhere_serves_an_offline_sync_with_no_index()
    {
        using var source = await SyncSandbox.CreateAsync();
        using var target = await SyncSandbox.CreateAsync();
        var archive = source.Combine("cache.tar.zst");
        string requirements;
        await using (var server = wheels.StartServer())
        {
            requirements = source.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0", "Zope.Thing==3.0");
            await source.SyncCheckedAsync(requirements, server);
            (await DfiProcess.RunAsync("cache", "export", archive, "--cache-dir", source.Cache)).ShouldSucceed();

            var import = (await DfiProcess.RunAsync("cache", "import", archive, "--cache-dir", target.Cache)).ShouldSucceed();
            import.Stdout.Should().StartWith("Imported ");

            // The server is gone after this block: the offline sync must find everything in the imported cache.
            requirements = target.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0", "Zope.Thing==3.0");
            await server.DisposeAsync();
            var sync = (await target.SyncAsync(requirements, "-i", server.IndexUrl.AbsoluteUri, "--offline")).ShouldSucceed();
            sync.Stdout.Should().StartWith("Installed 3 packages");
        }
        (await target.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0", ["beta"] = "1.0", ["Zope.Thing"] = "3.0" });
        await target.PipCheckShouldPassAsync();
    }

    [Fact]
    public async Task Prune_fails_with_a_clear_message_while_another_process_holds_the_cache_and_runs_once_it_is_released()
    {
        using var cache = new PopulatedCache();
        Directory.CreateDirectory(Path.Combine(cache.Root.Path, "wheels-v0"));
        using var holder = HoldSharedLock(cache.Root);
        (await holder.StandardOutput.ReadLineAsync().WaitAsync(Deadline)).Should().Be("locked");

        var refused = await CacheAsync(cache.Root, "prune", "--lock-timeout", "0.2");

        refused.ExitCode.Should().Be(1, refused.ToString());
        refused.Stderr.Should().Contain($"The cache {cache.Root.Path} is in use by another dfi process; retry later or pass --lock-timeout");
        Directory.Exists(Path.Combine(cache.Root.Path, "wheels-v0")).Should().BeTrue();
        (await CacheAsync(cache.Root, "stats", "--lock-timeout", "0")).ShouldSucceed();

        var waited = await DfiProcess.RunAsync(["cache", "prune", "--cache-dir", cache.Root.Path, "--lock-timeout", "60"], environment: null,
            whileRunning: async _ =>
            {
                holder.StandardInput.Close();
                await holder.WaitForExitAsync();
            });

        waited.ShouldSucceed().Stdout.Should().Contain("Removed wheels-v0");
        Directory.Exists(Path.Combine(cache.Root.Path, "wheels-v0")).Should().BeFalse();
    }

    /// <summary>flock(1) from util-linux: holds a shared lock on the cache's lock file until its stdin closes.</summary>
    private static Process HoldSharedLock(CacheRoot cache)
    {
        var start = new ProcessStartInfo("flock", ["-s", Path.Combine(cache.Path, CacheLock.FileName), "-c", "echo locked; read line"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        return Process.Start(start)!;
    }
}
