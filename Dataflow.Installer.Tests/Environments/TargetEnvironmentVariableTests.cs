using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

/// <summary>Tests that set <c>$VIRTUAL_ENV</c>, which is process-wide; their collection runs alone.</summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class TargetEnvironmentVariableTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly string? _saved = Environment.GetEnvironmentVariable("VIRTUAL_ENV");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("VIRTUAL_ENV", _saved);
        _folder.Dispose();
    }

    [Fact]
    public void Without_python_the_environment_in_VIRTUAL_ENV_is_used()
    {
        var python = _folder.Combine("venv", "bin", "python");
        Directory.CreateDirectory(Path.GetDirectoryName(python)!);
        File.WriteAllText(python, "");
        Environment.SetEnvironmentVariable("VIRTUAL_ENV", _folder.Combine("venv"));

        TargetEnvironment.ResolveInterpreter(null).Should().Be(python);
    }

    [Fact]
    public void An_explicit_python_wins_over_VIRTUAL_ENV()
    {
        Environment.SetEnvironmentVariable("VIRTUAL_ENV", _folder.Combine("elsewhere"));
        var python = TargetEnvironment.FindOnPath("python3");

        TargetEnvironment.ResolveInterpreter(python).Should().Be(python);
    }

    [Fact]
    public void With_no_python_no_VIRTUAL_ENV_and_no_dot_venv_the_error_says_what_was_tried()
    {
        Environment.SetEnvironmentVariable("VIRTUAL_ENV", null);
        Directory.Exists(".venv").Should().BeFalse("the test runs in a folder without ./.venv");

        var resolve = () => TargetEnvironment.ResolveInterpreter(null);

        resolve.Should().Throw<InterpreterException>().Which.Message
            .Should().Contain("--python").And.Contain("$VIRTUAL_ENV").And.Contain("./.venv").And.Contain("dfi venv .venv");
    }
}
