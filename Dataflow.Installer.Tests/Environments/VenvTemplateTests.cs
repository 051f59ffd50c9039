using System.Text.Json.Nodes;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

/// <summary>
/// A new venv of an interpreter dfi has described before is described from that answer, without starting Python
/// (CI makes a fresh venv before every sync); anything that could make the answers differ falls back to asking.
/// </summary>
public sealed class VenvTemplateTests : IDisposable
{
    private const string Edited = "3.11.99-from-the-template";
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Cache => _work.Combine("cache");

    private string Bucket => Path.Combine(Cache, "interpreters-v4");

    private async Task<string> MakeVenvAsync(string name, params string[] options)
    {
        var prefix = _work.Combine(name);
        (await ChildProcess.RunAsync("python3", ["-m", "venv", "--without-pip", .. options, prefix])).ShouldSucceed();
        return Path.Combine(prefix, "bin", "python");
    }

    // Marks the template so that an answer derived from it can be told from one the interpreter gave.
    private void EditTemplate()
    {
        var template = Directory.EnumerateFiles(Bucket, "*.venv-template").Single();
        var lines = File.ReadAllLines(template);
        var payload = JsonNode.Parse(lines[1])!;
        payload["full_version"] = Edited;
        File.WriteAllLines(template, [lines[0], payload.ToJsonString()]);
    }

    [Fact]
    public async Task A_second_venv_of_the_same_interpreter_is_described_from_the_first_with_its_own_paths()
    {
        var first = await MakeVenvAsync("first");
        var second = await MakeVenvAsync("second");
        await PythonInterpreter.QueryAsync(first, Cache, CancellationToken.None);
        EditTemplate();

        var derived = (await PythonInterpreter.QueryAsync(second, Cache, CancellationToken.None)).Info;
        var asked = (await PythonInterpreter.QueryAsync(second, cacheRoot: null, CancellationToken.None)).Info;

        derived.FullVersion.Should().Be(Edited, "no Python was started for the second venv");
        derived.Should().BeEquivalentTo(asked, options => options.Excluding(info => info.FullVersion));
        derived.Prefix.Should().Be(_work.Combine("second"));
        derived.Scheme.Purelib.Should().StartWith(_work.Combine("second") + "/");
        derived.IsVirtualEnvironment.Should().BeTrue();
    }

    [Fact]
    public async Task A_venv_with_its_own_copy_of_the_interpreter_is_asked_itself()
    {
        var first = await MakeVenvAsync("first");
        var copied = await MakeVenvAsync("copied", "--copies");
        await PythonInterpreter.QueryAsync(first, Cache, CancellationToken.None);
        EditTemplate();

        var info = (await PythonInterpreter.QueryAsync(copied, Cache, CancellationToken.None)).Info;

        info.FullVersion.Should().NotBe(Edited);
        info.Prefix.Should().Be(_work.Combine("copied"));
    }

    [Fact]
    public async Task A_venv_whose_pyvenv_cfg_differs_in_a_shared_line_is_asked_itself()
    {
        var first = await MakeVenvAsync("first");
        var other = await MakeVenvAsync("other", "--system-site-packages");
        await PythonInterpreter.QueryAsync(first, Cache, CancellationToken.None);
        EditTemplate();

        var info = (await PythonInterpreter.QueryAsync(other, Cache, CancellationToken.None)).Info;

        info.FullVersion.Should().NotBe(Edited);
    }
}
