using System.Diagnostics;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 6, end to end: a sync killed mid-install is undone by <c>dfi repair</c> or the next sync; two syncs on one environment wait for each other.</summary>
public sealed class TransactionTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] SetA = ["alpha==1.0", "beta==1.0"];
    private static readonly string[] SetB = ["alpha==2.0", "delta==1.0"];

    [Fact]
    public async Task A_sync_killed_before_its_commit_is_undone_exactly_by_dfi_repair()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", SetA), server);
        var before = await FilesAndFoldersAsync(sandbox);

        await KillSyncBeforeCommitAsync(sandbox, server, sandbox.WriteRequirements("b.txt", SetB));
        Directory.Exists(Path.Combine(sandbox.Venv, EnvironmentJournal.FolderName)).Should().BeTrue("the killed run left its journal");
        File.Exists(Path.Combine(sandbox.SitePackages, "delta-1.0.dist-info", "RECORD")).Should().BeTrue("the kill came after every change was made");

        var repair = (await DfiProcess.RunAsync("repair", "--python", sandbox.Venv)).ShouldSucceed();

        repair.Stdout.Should().Contain("Repaired").And.Contain("restored");
        var after = await FilesAndFoldersAsync(sandbox);
        after.Files.ShouldBeUnchangedSince(before.Files, because: "repair moves the very files of set A back");
        after.Folders.Should().Equal(before.Folders);
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();
        (await DfiProcess.RunAsync("repair", "--python", sandbox.Venv)).ShouldSucceed().Stdout.Should().Contain("Nothing to repair");
    }

    [Fact]
    public async Task The_next_sync_rolls_back_a_killed_run_with_a_warning_and_then_succeeds()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var a = sandbox.WriteRequirements("a.txt", SetA);
        await sandbox.SyncCheckedAsync(a, server);
        await KillSyncBeforeCommitAsync(sandbox, server, sandbox.WriteRequirements("b.txt", SetB));

        var sync = await sandbox.SyncCheckedAsync(a, server);

        sync.Stderr.Should().Contain("stopped before finishing");
        Directory.Exists(Path.Combine(sandbox.Venv, EnvironmentJournal.FolderName)).Should().BeFalse();
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "1.0", ["beta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();
    }

    [Fact]
    public async Task Two_syncs_on_one_environment_wait_for_each_other_and_both_succeed()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        await sandbox.SyncCheckedAsync(sandbox.WriteRequirements("a.txt", SetA), server);
        var fifo = await MakeFifoAsync(sandbox);
        string[] setC = ["alpha==2.0", "beta==1.0", "delta==1.0"];

        var first = SyncAsync(sandbox, server, sandbox.WriteRequirements("b.txt", SetB), new() { [TestHooks.PauseBeforeCommitVariable] = fifo });
        (await File.ReadAllTextAsync(fifo).WaitAsync(Patience)).Should().Be("paused\n");
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = SyncAsync(sandbox, server, sandbox.WriteRequirements("c.txt", setC), [], line =>
        {
            if (line.Contains("Waiting for another dfi run", StringComparison.Ordinal))
            {
                waiting.TrySetResult();
            }
        });
        await waiting.Task.WaitAsync(Patience);
        second.IsCompleted.Should().BeFalse("the second run waits for the first's lock");
        await File.WriteAllTextAsync(fifo, "go\n");

        (await first.WaitAsync(Patience)).ExitCode.Should().Be(0);
        var secondResult = await second.WaitAsync(Patience);
        secondResult.ExitCode.Should().Be(0, secondResult.Stderr);
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0", ["beta"] = "1.0", ["delta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();
        Directory.Exists(Path.Combine(sandbox.Venv, EnvironmentJournal.FolderName)).Should().BeFalse();
    }

    [Fact]
    public async Task A_sync_planned_before_another_installed_the_same_set_keeps_that_set_instead_of_installing_it_again()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("b.txt", SetB);
        var fifo = await MakeFifoAsync(sandbox);

        // The late run plans on the empty environment and stops before taking its lock; the other installs the set meanwhile.
        var late = SyncAsync(sandbox, server, requirements, new() { [TestHooks.PauseBeforeLockVariable] = fifo });
        (await File.ReadAllTextAsync(fifo).WaitAsync(Patience)).Should().Be("paused\n");
        (await sandbox.SyncCheckedAsync(requirements, server)).Stdout.Should().Contain("Installed 2 packages");
        await File.WriteAllTextAsync(fifo, "go\n");

        var result = await late.WaitAsync(Patience);
        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("Installed 0 packages").And.NotContain(" + ").And.NotContain(" - ");
        (await sandbox.PipListAsync()).Should().BeEquivalentTo(new Dictionary<string, string> { ["alpha"] = "2.0", ["delta"] = "1.0" });
        await sandbox.PipCheckShouldPassAsync();
    }

    private static async Task KillSyncBeforeCommitAsync(SyncSandbox sandbox, TestIndexServer server, string requirements)
    {
        var fifo = await MakeFifoAsync(sandbox);
        var killed = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = SyncAsync(sandbox, server, requirements, new() { [TestHooks.PauseBeforeCommitVariable] = fifo }, started: killed);
        (await File.ReadAllTextAsync(fifo).WaitAsync(Patience)).Should().Be("paused\n");
        var process = await killed.Task;
        process.Kill(); // SIGKILL on Unix
        var result = await run.WaitAsync(Patience);
        result.ExitCode.Should().Be(137, "the run died by SIGKILL, not by an exit of its own");
        File.Delete(fifo);
    }

    private static async Task<string> MakeFifoAsync(SyncSandbox sandbox)
    {
        var fifo = sandbox.Combine($"pause-{Guid.NewGuid():N}");
        (await ChildProcess.RunAsync("mkfifo", [fifo])).ShouldSucceed();
        return fifo;
    }

    private static async Task<(TreeSnapshot Files, IReadOnlyList<string> Folders)> FilesAndFoldersAsync(SyncSandbox sandbox)
    {
        // Folders are compared by name: moving entries out and back changes a folder's mtime, not what it holds.
        var tree = await sandbox.SnapshotVenvAsync();
        var folders = tree.Entries.Where(entry => entry.Type == 'd').Select(entry => entry.Path).ToHashSet();
        return (tree.Without(folders.Contains), folders.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// <c>dfi sync</c> as a process whose stderr is seen line by line (the other helpers give it only at the end).
    /// </summary>
    private static async Task<ProcessResult> SyncAsync(
        SyncSandbox sandbox,
        TestIndexServer server,
        string requirements,
        Dictionary<string, string> environment,
        Action<string>? onStderrLine = null,
        TaskCompletionSource<Process>? started = null)
    {
        var commandLine = DfiProcess.CommandLine("sync", requirements, "-i", server.IndexUrl.AbsoluteUri, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache);
        var start = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("VIRTUAL_ENV");
        start.Environment.Remove("DFI_CACHE_DIR");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        started?.SetResult(process);
        var stderr = new System.Text.StringBuilder();
        var readErrors = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                stderr.AppendLine(line);
                onStderrLine?.Invoke(line);
            }
        });
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await readErrors;
        return new ProcessResult(string.Join(' ', start.ArgumentList), process.ExitCode, await stdout, stderr.ToString());
    }
}
