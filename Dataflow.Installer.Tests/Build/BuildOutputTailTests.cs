using Dataflow.Installer.Build;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Build;

/// <summary>Issue 3: a failing build quotes the last ~30 lines of the backend's output, or all of it when asked.</summary>
public sealed class BuildOutputTailTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> FailingBuildMessageAsync(bool keepAllOutput)
    {
        var tree = NoisyBackendTree.Write(_temp.Path, lines: 100);
        using var builder = new Pep517Builder(keepAllOutput: keepAllOutput);

        var act = () => builder.BuildWheelAsync(tree, BuildSystem.Read(tree), "python3", ConfigSettings.None, _temp.Combine("out"), CancellationToken.None);

        return (await act.Should().ThrowAsync<BuildException>()).Which.Message;
    }

    [Fact]
    public async Task A_failing_build_quotes_only_the_last_lines_of_the_backends_output()
    {
        var message = await FailingBuildMessageAsync(keepAllOutput: false);

        var quoted = message.Split('\n').Skip(1).ToList();
        quoted.Should().HaveCount(Pep517Builder.OutputLinesKept + 1, "the kept lines follow one line saying how many were left out");
        quoted[0].Should().MatchRegex(@"^\(\.\.\. \d+ earlier lines\)$");
        quoted.Should().Contain(NoisyBackendTree.Failure).And.Contain("noisy line 100").And.NotContain("noisy line 1");
    }

    [Fact]
    public async Task Keeping_all_output_quotes_every_line_from_both_streams()
    {
        var message = await FailingBuildMessageAsync(keepAllOutput: true);

        var quoted = message.Split('\n');
        for (var number = 1; number <= 100; number++)
        {
            quoted.Should().Contain($"noisy line {number}");
        }
        quoted.Should().Contain(NoisyBackendTree.Failure).And.NotContain(line => line.Contains("earlier lines"));
    }

    [Fact]
    public void The_tail_keeps_the_newest_lines_and_counts_the_dropped_ones()
    {
        var tail = new OutputTail(3);
        foreach (var line in new[] { "a", "b", "c", "d", "e" })
        {
            tail.Add(line);
        }

        tail.ToString().Should().Be("(... 2 earlier lines)\nc\nd\ne");
    }
}
