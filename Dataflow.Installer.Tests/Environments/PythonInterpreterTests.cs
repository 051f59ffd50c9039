using System.Text.Json;
using System.Text.Json.Nodes;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

/// <summary>Queries the machine's real python3 (3.11), as dfi does before every install.</summary>
public sealed class PythonInterpreterTests : IDisposable
{
    private readonly TemporaryDirectory _cache = new();
    private readonly string _python = TestPython.Executable;

    public void Dispose() => _cache.Dispose();

    private Task<InterpreterQueryResult> QueryAsync(string? cacheRoot = null) =>
        PythonInterpreter.QueryAsync(_python, cacheRoot, CancellationToken.None);

    private string CacheFile() => Directory.EnumerateFiles(_cache.Combine("interpreters-v4"), "*.json").Single();

    [Fact]
    public async Task The_real_python3_reports_cpython_3_11_and_its_marker_environment()
    {
        var result = await QueryAsync();
        var info = result.Info;

        info.ImplementationName.Should().Be("cpython");
        (info.Major, info.Minor).Should().Be((3, 11));
        info.FullVersion.Should().StartWith("3.11.");
        info.PointerBits.Should().Be(64);
        info.Executable.Should().Be(Path.GetFullPath(_python));
        info.MarkerEnvironment.Keys.Should().Contain(Dataflow.Installer.Standards.MarkerVariables.EnvironmentNames);
        info.MarkerEnvironment["python_version"].Should().Be("3.11");
        info.MarkerEnvironment["implementation_name"].Should().Be("cpython");
        info.MarkerEnvironment["sys_platform"].Should().Be("linux");
        info.Scheme.Purelib.Should().Contain("python3.11");
        info.PrefixScheme!.Purelib.Should().StartWith(PrefixDirectory.Marker + "/").And.Contain("python3.11");
        info.PrefixScheme.Scripts.Should().StartWith(PrefixDirectory.Marker + "/").And.EndWith("/bin");
        info.Stdlib.Should().NotBeNull().And.Match(path => File.Exists(Path.Combine(path, "os.py")));
        File.Exists(result.RealExecutable).Should().BeTrue();
        File.Exists(result.BaseExecutable).Should().BeTrue();
    }

    [Fact]
    public async Task The_answer_is_cached_under_interpreters_v1_and_reused_without_starting_python()
    {
        var first = await QueryAsync(_cache.Path);
        var file = CacheFile();
        var lines = File.ReadAllLines(file);
        lines.Should().HaveCount(2);
        var payload = JsonNode.Parse(lines[1])!;
        payload["full_version"] = "3.11.99-edited-in-the-cache";
        File.WriteAllLines(file, [lines[0], payload.ToJsonString()]);

        var second = await QueryAsync(_cache.Path);

        first.Info.FullVersion.Should().NotBe("3.11.99-edited-in-the-cache");
        second.Info.FullVersion.Should().Be("3.11.99-edited-in-the-cache");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_launcher_script_such_as_pyenvs_shim_is_asked_at_every_run_and_never_cached()
    {
        using var folder = new TemporaryDirectory();
        var shim = folder.Combine("python3");
        File.WriteAllText(shim, $"#!/bin/sh\nexec '{_python}' \"$@\"\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var answer = await PythonInterpreter.QueryAsync(shim, _cache.Path, CancellationToken.None);

        answer.Info.Executable.Should().Be(shim);
        answer.SysExecutable.Should().Be(_python, "sys.executable names the interpreter the shim chose");
        PythonInterpreter.IsScriptLauncher(shim).Should().BeTrue();
        PythonInterpreter.IsScriptLauncher(_python).Should().BeFalse();
        (Directory.Exists(_cache.Combine("interpreters-v4")) ? Directory.GetFiles(_cache.Combine("interpreters-v4")) : [])
            .Should().BeEmpty("a shim's answer changes with `pyenv global`, which changes nothing dfi could stamp");
    }

    [Fact]
    public async Task A_stale_stamp_makes_the_interpreter_be_asked_again()
    {
        var first = await QueryAsync(_cache.Path);
        var file = CacheFile();
        var lines = File.ReadAllLines(file);
        var payload = JsonNode.Parse(lines[1])!;
        payload["full_version"] = "3.11.99-edited-in-the-cache";
        File.WriteAllLines(file, [lines[0] + "-from-an-older-interpreter", payload.ToJsonString()]);

        var second = await QueryAsync(_cache.Path);

        second.Info.FullVersion.Should().Be(first.Info.FullVersion);
        File.ReadAllLines(CacheFile()).Should().Equal(lines);
    }

    [Fact]
    public async Task A_missing_interpreter_is_an_interpreter_error()
    {
        var missing = _cache.Combine("no-such-python");

        var query = () => PythonInterpreter.QueryAsync(missing, null, CancellationToken.None);

        (await query.Should().ThrowAsync<InterpreterException>()).Which.Message.Should().Contain(missing);
    }

    [Fact]
    public async Task An_interpreter_that_fails_is_an_interpreter_error_with_its_exit_code()
    {
        var query = () => PythonInterpreter.QueryAsync("/bin/false", null, CancellationToken.None);

        (await query.Should().ThrowAsync<InterpreterException>()).Which.Message.Should().Contain("exit code 1");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_python_2_is_refused_as_one_rather_than_with_its_usage_text()
    {
        // What python2.7 answers to -I.
        var fake = _cache.Combine("python2.7");
        File.WriteAllText(fake, "#!/bin/sh\nprintf 'Unknown option: -I\\nusage: python2.7 [option] ...\\nTry `python -h'\\'' for more information.\\n' >&2\nexit 2\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var query = () => PythonInterpreter.QueryAsync(fake, null, CancellationToken.None);

        (await query.Should().ThrowAsync<InterpreterException>()).Which.Message.Should().Contain(fake).And.Contain("dfi needs Python 3");
    }

    [Theory]
    [InlineData("")]
    [InlineData("Python 3.11.7")]
    [InlineData("{}")]
    [InlineData("{\"implementation_name\": \"cpython\"}")]
    [InlineData("[1, 2]")]
    public void Malformed_output_is_an_interpreter_error_naming_the_interpreter(string output)
    {
        var parse = () => PythonInterpreter.Parse(output, "/opt/odd/python");

        parse.Should().Throw<InterpreterException>().Which.Message.Should().Contain("/opt/odd/python");
    }

    [Fact]
    public async Task A_null_where_text_is_required_is_an_interpreter_error()
    {
        var output = JsonNode.Parse(JsonSerializer.Serialize(await RealOutputAsync()))!;
        output["prefix"] = null;

        var parse = () => PythonInterpreter.Parse(output.ToJsonString(), "/opt/odd/python");

        parse.Should().Throw<InterpreterException>().Which.Message.Should().Contain("prefix");
    }

    [Fact]
    public async Task A_free_threaded_build_gets_the_t_abi_flag()
    {
        var output = JsonNode.Parse(JsonSerializer.Serialize(await RealOutputAsync()))!;
        output["gil_disabled"] = true;

        PythonInterpreter.Parse(output.ToJsonString(), "/opt/odd/python").Info.Abiflags.Should().EndWith("t");
    }

    /// <summary>The real query output, taken from the cache file a query writes.</summary>
    private async Task<JsonElement> RealOutputAsync()
    {
        await QueryAsync(_cache.Path);
        return JsonDocument.Parse(File.ReadAllLines(CacheFile())[1]).RootElement.Clone();
    }
}
