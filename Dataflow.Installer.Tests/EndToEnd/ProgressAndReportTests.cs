using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dataflow.Installer.Tests.Reports;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 8: the live display on a terminal (a real pty through <c>script</c>), never in piped output; <c>--report</c> JSON that validates.</summary>
public sealed partial class ProgressAndReportTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string SlowWheel = "alpha-2.0-py3-none-any.whl";

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78])")]
    private static partial Regex AnsiEscape();

    [Fact]
    public async Task On_a_terminal_the_display_shows_the_download_while_it_runs_and_the_summary_follows_unchanged()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        server.Fault[SlowWheel] = TestIndexFault.SlowBody;
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");
        var dfi = string.Join(' ', DfiProcess.CommandLine("sync", requirements, "-i", server.IndexUrl.AbsoluteUri, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache, "-v").Select(Quoted));

        var (exitCode, terminal) = await RunOnTerminalAsync(dfi, new Dictionary<string, string?>(), async seen =>
        {
            // Half of alpha has arrived and the rest is held: the display must be up, counting what is in flight.
            await seen("Downloading 1/2 files");
            server.ReleaseSlowBodies();
        });

        exitCode.Should().Be(0, terminal);
        var text = AnsiEscape().Replace(terminal, "");
        text.Should().Contain("Downloading 1/2 files").And.MatchRegex(@"\d+(\.\d)? kB / \d+(\.\d)? kB", "bytes downloaded / total are shown");
        terminal.Should().Contain("\u001b[", "the display is drawn with escape sequences on a terminal");
        text.Should().Contain("beta==1.0: unzip done in", "-v's log lines still reach the terminal, above the display");
        var summary = text[text.LastIndexOf("Installed 2 packages in ", StringComparison.Ordinal)..].Replace("\r", "", StringComparison.Ordinal);
        summary.Should().MatchRegex(@"^Installed 2 packages in \d+\.\d\ds\n \+ alpha==2\.0\n \+ beta==1\.0\n$", "the summary is printed as without a terminal, after the display is gone");
    }

    [Fact]
    public async Task No_progress_and_dumb_terminals_get_no_display_even_on_a_terminal()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0");
        var dfi = string.Join(' ', DfiProcess.CommandLine("sync", requirements, "-i", server.IndexUrl.AbsoluteUri, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache).Select(Quoted));

        var (noProgress, withFlag) = await RunOnTerminalAsync(dfi + " --no-progress", new Dictionary<string, string?>(), _ => Task.CompletedTask);
        var (dumb, onDumbTerminal) = await RunOnTerminalAsync(dfi + " --reinstall", new Dictionary<string, string?> { ["TERM"] = "dumb" }, _ => Task.CompletedTask);

        noProgress.Should().Be(0, withFlag);
        dumb.Should().Be(0, onDumbTerminal);
        foreach (var output in new[] { withFlag, onDumbTerminal })
        {
            output.Should().NotContain("Downloading");
            // .NET's console itself turns on the terminal's keypad mode (terminfo's smkx); anything else would be the display.
            AnsiEscape().Matches(output).Select(match => match.Value).Should().BeSubsetOf(["\u001b[?1h", "\u001b="], "nothing is drawn");
        }
    }

    [Fact]
    public async Task Piped_output_has_no_escape_codes_and_no_display_but_a_log_line_per_distribution_with_v()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");

        var sync = await sandbox.SyncCheckedAsync(requirements, server, "-v");

        (sync.Stdout + sync.Stderr).Should().NotContain("\u001b").And.NotContain("Downloading ");
        sync.Stderr.Should().Contain("alpha==2.0: unzip done in").And.Contain("beta==1.0: unzip done in");
        sync.Stdout.Should().MatchRegex(@"^Installed 2 packages in \d+\.\d\ds\n \+ alpha==2\.0\n \+ beta==1\.0\n$");
    }

    [Fact]
    public async Task A_sync_report_file_validates_and_the_summary_stays_on_stdout()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var report = sandbox.Combine("report.json");
        (await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("old.txt", "alpha==1.0", "gamma==1.0"), server)).ShouldSucceed();

        var sync = await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0", "gamma==1.0"), server, "--report", report);

        sync.Stdout.Should().StartWith("Uninstalled 1 package\nInstalled 2 packages in ");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        ReportSchema.Load().Validate(json.RootElement).Should().BeEmpty();
        var root = json.RootElement;
        root.GetProperty("command").GetString().Should().Be("sync");
        var environment = root.GetProperty("environments").EnumerateArray().Single();
        environment.GetProperty("status").GetString().Should().Be("ok");
        Names(environment.GetProperty("installed")).Should().Equal("alpha==2.0", "beta==1.0");
        Names(environment.GetProperty("removed")).Should().Equal("alpha==1.0");
        Names(environment.GetProperty("unchanged")).Should().Equal("gamma==1.0");
        var alpha = root.GetProperty("distributions").EnumerateArray().Single(item => item.GetProperty("name").GetString() == "alpha");
        alpha.GetProperty("source").GetString().Should().Be(server.FileUrl(SlowWheel).AbsoluteUri);
        alpha.GetProperty("sha256").GetString().Should().Be(wheels.Sha256Of(SlowWheel));
        alpha.GetProperty("size").GetInt64().Should().Be(new FileInfo(wheels.PathOf(SlowWheel)).Length);
        alpha.GetProperty("cache_hit").GetBoolean().Should().BeFalse();
        alpha.GetProperty("seconds").TryGetProperty("download", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_report_path_in_a_missing_folder_is_refused_before_the_environment_changes()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var before = await sandbox.SnapshotVenvAsync();
        var missing = sandbox.Combine("no-such-folder", "report.json");

        var sync = await sandbox.SyncAsync(sandbox.WriteRequirements("requirements.txt", "alpha==2.0"), "-i", server.IndexUrl.AbsoluteUri, "--report", missing);

        sync.ExitCode.Should().Be(2, sync.ToString());
        sync.Stderr.Should().Contain("--report").And.Contain("does not exist");
        (await sandbox.SnapshotVenvAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Report_dash_writes_only_the_json_to_stdout_instead_of_the_summary()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0");

        var sync = await sandbox.SyncCheckedAsync(requirements, server, "--report", "-");
        var again = await sandbox.SyncCheckedAsync(requirements, server, "--report", "-");

        foreach (var (run, status) in new[] { (sync, "ok"), (again, "unchanged") })
        {
            run.Stdout.Should().NotContain("Installed").And.NotContain("Audited");
            using var json = JsonDocument.Parse(run.Stdout);
            ReportSchema.Load().Validate(json.RootElement).Should().BeEmpty();
            json.RootElement.GetProperty("environments")[0].GetProperty("status").GetString().Should().Be(status);
        }
    }

    [Fact]
    public async Task A_failed_sync_still_writes_its_report_with_the_error_and_its_stage()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        server.Fault[SlowWheel] = TestIndexFault.NotFound;
        var report = sandbox.Combine("report.json");

        var sync = await sandbox.SyncAsync(sandbox.WriteRequirements("requirements.txt", "alpha==2.0"), "-i", server.IndexUrl.AbsoluteUri, "--report", report);

        sync.ExitCode.Should().Be(1, sync.ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        ReportSchema.Load().Validate(json.RootElement).Should().BeEmpty();
        json.RootElement.GetProperty("succeeded").GetBoolean().Should().BeFalse();
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("distribution").GetString().Should().Be("alpha==2.0");
        error.GetProperty("stage").GetString().Should().Be("download");
        error.GetProperty("message").GetString().Should().Contain("404");
    }

    [Fact]
    public async Task Warm_and_batch_reports_validate_against_the_same_schema()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");

        var warm = await DfiProcess.RunAsync("warm", requirements, "-i", server.IndexUrl.AbsoluteUri, "--cache-dir", sandbox.Cache, "--report", "-");

        warm.ShouldSucceed().Stdout.Should().NotContain("Warmed");
        using (var json = JsonDocument.Parse(warm.Stdout))
        {
            ReportSchema.Load().Validate(json.RootElement).Should().BeEmpty();
            json.RootElement.GetProperty("command").GetString().Should().Be("warm");
            json.RootElement.GetProperty("environments")[0].GetProperty("status").GetString().Should().Be("ok");
            json.RootElement.GetProperty("distributions").GetArrayLength().Should().Be(2);
        }

        using var workspace = new BatchWorkspace();
        workspace.WriteManifest(new Dictionary<string, string[]> { ["one"] = ["alpha==2.0"], ["two"] = ["no-such-project==1.0"] });
        var batch = await workspace.BatchAsync(server);

        batch.ExitCode.Should().Be(1, batch.ToString());
        using var report = await workspace.ReadReportAsync();
        ReportSchema.Load().Validate(report.RootElement).Should().BeEmpty();
        var failure = report.RootElement.GetProperty("environments").EnumerateArray().Single(item => item.GetProperty("status").GetString() == "failed");
        failure.GetProperty("failures")[0].GetProperty("stage").GetString().Should().Be("find");
    }

    private static IEnumerable<string> Names(JsonElement distributions) =>
        distributions.EnumerateArray().Select(item => item.GetProperty("name").GetString() + "==" + item.GetProperty("version").GetString());

    /// <summary>
    /// Runs <paramref name="command"/> on a fresh pseudo-terminal (util-linux <c>script</c>), 120 columns wide, and
    /// returns everything the terminal received. <paramref name="whileRunning"/> can wait for text to appear on it.
    /// </summary>
    private static async Task<(int ExitCode, string Terminal)> RunOnTerminalAsync(
        string command, IReadOnlyDictionary<string, string?> environment, Func<Func<string, Task>, Task> whileRunning)
    {
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-q", "-e", "-c", $"stty cols 120 rows 40; exec {command}", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        start.Environment.Remove("VIRTUAL_ENV");
        start.Environment.Remove("DFI_CACHE_DIR");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var received = new StringBuilder();
        var changed = new SemaphoreSlim(0);
        var reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (received)
                {
                    received.Append(buffer, 0, read);
                }
                changed.Release();
            }
            changed.Release();
        });
        var errors = process.StandardError.ReadToEndAsync();

        async Task SeenAsync(string text)
        {
            while (true)
            {
                // Read only under the lock: the reader task appends concurrently.
                string shown;
                lock (received)
                {
                    shown = received.ToString();
                }
                if (AnsiEscape().Replace(shown, "").Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
                reading.IsCompleted.Should().BeFalse($"the terminal showed \"{text}\" before the command ended:\n{shown}");
                await changed.WaitAsync();
            }
        }

        try
        {
            await whileRunning(SeenAsync).WaitAsync(ChildProcess.DefaultTimeout);
            await process.WaitForExitAsync().WaitAsync(ChildProcess.DefaultTimeout);
            await reading.WaitAsync(ChildProcess.DefaultTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            string shown;
            lock (received)
            {
                shown = received.ToString();
            }
            throw new TimeoutException($"{command} on a terminal did not finish; it showed:\n{shown}\n{await errors}");
        }
        return (process.ExitCode, received + await errors);
    }

    private static string Quoted(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
