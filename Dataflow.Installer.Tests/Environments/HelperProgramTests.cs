using System.ComponentModel;
using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Tests.Environments;

public sealed class HelperProgramTests
{
    [Fact]
    public async Task Output_errors_and_exit_code_come_back_with_a_full_stderr_pipe_drained_and_the_environment_and_folder_given()
    {
        // 1 MiB on stderr before anything on stdout: a pipe read only at the end would block the child for ever.
        const string Script = "import os, sys; sys.stderr.write('e' * (1 << 20)); print(os.getcwd(), os.environ['DFI_HELPER_TEST']); sys.exit(3)";

        var result = await HelperProgram.RunAsync("python3", ["-c", Script], CancellationToken.None,
            workingDirectory: "/tmp", environment: new Dictionary<string, string> { ["DFI_HELPER_TEST"] = "given" });

        result.ExitCode.Should().Be(3);
        result.Output.Should().Be("/tmp given\n");
        result.Errors.Should().HaveLength(1 << 20);
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_program_waiting_for_a_person_reads_end_of_file()
    {
        var result = await HelperProgram.RunAsync("python3", ["-c", "import sys; print(repr(sys.stdin.read()))"], CancellationToken.None);

        result.Output.Should().Be("''\n");
    }

    [Fact]
    public async Task Past_its_timeout_the_program_and_its_children_are_killed_and_a_timeout_is_thrown()
    {
        using var pids = new Support.TemporaryDirectory();
        var pidFile = pids.Combine("child");
        var script = $"import subprocess, time; c = subprocess.Popen(['sleep', '300']); open({Quoted(pidFile)}, 'w').write(str(c.pid)); time.sleep(300)";

        var run = () => HelperProgram.RunAsync("python3", ["-c", script], CancellationToken.None, timeout: TimeSpan.FromSeconds(2));

        (await run.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("python3");
        ShouldBeGone(int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_cancelled_run_kills_the_program_and_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var run = () => HelperProgram.RunAsync("sleep", ["300"], cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task A_program_that_cannot_start_is_a_win32_exception_for_the_caller_to_name()
    {
        var run = () => HelperProgram.RunAsync("/nonexistent/helper-program", [], CancellationToken.None);

        await run.Should().ThrowAsync<Win32Exception>();
    }

    private static string Quoted(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static void ShouldBeGone(int pid)
    {
        var status = $"/proc/{pid}/status";
        // A killed process that nobody has reaped yet is a zombie: dead, but still listed.
        (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal)).Should().BeTrue($"child {pid} is killed with its parent");
    }
}
