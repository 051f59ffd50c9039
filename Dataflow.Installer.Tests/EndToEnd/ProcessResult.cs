namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>What a finished child process printed and how it exited.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"{Command}\nexit code {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";

    /// <summary>Fails the test with the whole output unless the process exited with 0.</summary>
    public ProcessResult ShouldSucceed()
    {
        ExitCode.Should().Be(0, ToString());
        return this;
    }
}
