using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

/// <summary>Tests that set <c>$VIRTUAL_ENV</c> and <c>$PATH</c>, which are process-wide; their collection runs alone.</summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class TargetEnvironmentVariableTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly string? _saved = Environment.GetEnvironmentVariable("VIRTUAL_ENV");
    private readonly string? _savedPath = Environment.GetEnvironmentVariable("PATH");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("VIRTUAL_ENV", _saved);
        Environment.SetEnvironmentVariable("PATH", _savedPath);
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

    [Fact]
    public void System_without_python_takes_the_first_python3_on_PATH_that_is_not_a_venvs()
    {
        var venvPython = FakeInterpreter("venv", withVenvConfig: true);
        var systemPython = FakeInterpreter("system", withVenvConfig: false);
        Environment.SetEnvironmentVariable("VIRTUAL_ENV", _folder.Combine("venv"));
        Environment.SetEnvironmentVariable("PATH", $"{Path.GetDirectoryName(venvPython)}:{Path.GetDirectoryName(systemPython)}");

        TargetEnvironment.ResolveForSync(null, system: true, target: false).Should().Be(systemPython);
        TargetEnvironment.ResolveForSync(null, system: false, target: false).Should().Be(_folder.Combine("venv", "bin", "python3"),
            "without --system the activated venv is the one synced");
    }

    [Fact]
    public void System_with_only_venvs_on_PATH_says_to_name_the_interpreter()
    {
        var venvPython = FakeInterpreter("venv", withVenvConfig: true);
        Environment.SetEnvironmentVariable("PATH", Path.GetDirectoryName(venvPython));

        var resolve = () => TargetEnvironment.ResolveForSync(null, system: true, target: false);

        resolve.Should().Throw<InterpreterException>().Which.Message.Should().Contain("--system").And.Contain("--python");
    }

    [Fact]
    public void Target_without_python_or_a_venv_takes_python3_on_PATH()
    {
        var systemPython = FakeInterpreter("system", withVenvConfig: false);
        Environment.SetEnvironmentVariable("VIRTUAL_ENV", null);
        Environment.SetEnvironmentVariable("PATH", Path.GetDirectoryName(systemPython));

        TargetEnvironment.ResolveForSync(null, system: false, target: true).Should().Be(systemPython);
        TargetEnvironment.ResolveForSync(systemPython, system: true, target: true).Should().Be(systemPython, "--python always wins");
    }

    // An installation's bin/python3 (an empty file stands in: nothing runs it), a venv's when pyvenv.cfg is beside bin.
    private string FakeInterpreter(string name, bool withVenvConfig)
    {
        var python = _folder.Combine(name, "bin", "python3");
        Directory.CreateDirectory(Path.GetDirectoryName(python)!);
        File.WriteAllText(python, "");
        if (withVenvConfig)
        {
            File.WriteAllText(_folder.Combine(name, "pyvenv.cfg"), "home = /usr/bin\n");
        }
        return python;
    }
}
