using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

/// <summary>
/// A new environment's activate scripts (bash/zsh, csh, fish, PowerShell) are what the base interpreter's own
/// <c>python -m venv</c> writes, byte for byte, for every Python on this machine: CPython before and after the
/// CVE-2024-9287 fix (Debian's 3.11 has it, pyenv's 3.11.7 not), and 3.13's templates with their own parentheses.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ActivationScriptsTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>python3, and each other CPython found in the usual places (a machine without them tests python3 alone).</summary>
    public static TheoryData<string> Interpreters()
    {
        var found = new TheoryData<string> { "python3" };
        var pyenv = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".pyenv", "versions");
        var others = new[] { "/usr/bin/python3" }
            .Concat(Directory.Exists(pyenv)
                ? Directory.GetDirectories(pyenv).Where(folder => Path.GetFileName(folder) is var version && (version.StartsWith("3.13.", StringComparison.Ordinal) || version.StartsWith("3.8.", StringComparison.Ordinal)))
                    .Select(folder => Path.Combine(folder, "bin", "python3"))
                : []);
        foreach (var other in others.Where(File.Exists))
        {
            found.Add(other);
        }
        return found;
    }

    [Theory]
    [MemberData(nameof(Interpreters))]
    public async Task The_scripts_are_the_bytes_and_modes_python_m_venv_writes_for_a_path_and_a_prompt_that_need_quoting(string python)
    {
        var venv = _folder.Combine("it's a venv");
        foreach (var prompt in new string?[] { "Bob's $HOME", null })
        {
            string[] promptArguments = prompt is null ? [] : ["--prompt", prompt];
            (await ChildProcess.RunAsync(python, ["-m", "venv", "--without-pip", .. promptArguments, venv])).ShouldSucceed();
            var expected = Scripts(venv);
            Directory.Delete(venv, recursive: true);

            VirtualEnvironmentCreator.Create(venv, await PythonInterpreter.QueryAsync(TargetEnvironment.FindOnPath(python), null, CancellationToken.None), prompt: prompt);

            expected.Keys.Should().Contain(["activate", "activate.csh", "activate.fish", "Activate.ps1"]);
            Scripts(venv).Should().BeEquivalentTo(expected, $"{python} -m venv wrote these with prompt {prompt ?? "(none)"}");
            Directory.Delete(venv, recursive: true);
        }
    }

    [Fact]
    public async Task Bash_activates_and_deactivates_the_rendered_script()
    {
        var venv = _folder.Combine("it's a venv");
        VirtualEnvironmentCreator.Create(venv, await PythonInterpreter.QueryAsync(TargetEnvironment.FindOnPath("python3"), null, CancellationToken.None), prompt: "Bob's");

        var shown = (await ChildProcess.RunAsync("bash",
            ["-c", $". \"$1/bin/activate\" && printf '%s|%s|%s\\n' \"$VIRTUAL_ENV\" \"$VIRTUAL_ENV_PROMPT\" \"$(command -v python)\" && deactivate && printf '%s' \"${{VIRTUAL_ENV:-gone}}\"", "bash", venv]))
            .ShouldSucceed().Stdout;

        shown.Should().Be($"{venv}|(Bob's) |{venv}/bin/python\ngone");
    }

    private static Dictionary<string, (string Text, UnixFileMode Mode)> Scripts(string venv) =>
        Directory.GetFiles(Path.Combine(venv, "bin"), "*ctivate*")
            .ToDictionary(path => Path.GetFileName(path), path => (File.ReadAllText(path), File.GetUnixFileMode(path)));
}
