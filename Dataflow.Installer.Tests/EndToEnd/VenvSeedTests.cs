using System.Text.Json;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary><c>dfi venv --seed</c>: pip in the new environment, as <c>python -m venv</c> puts it there, with no index.</summary>
public sealed class VenvSeedTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<Dictionary<string, string>> PipListAsync(string venv)
    {
        var listed = (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-m", "pip", "list", "--format=json", "--disable-pip-version-check"])).ShouldSucceed();
        using var json = JsonDocument.Parse(listed.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(item => item.GetProperty("name").GetString()!, item => item.GetProperty("version").GetString()!);
    }

    [Fact]
    public async Task Seed_installs_the_pip_and_setuptools_python_m_venv_installs_and_pip_runs()
    {
        var venv = _folder.Combine("seeded");
        var reference = _folder.Combine("reference");
        (await ChildProcess.RunAsync("python3", ["-m", "venv", reference])).ShouldSucceed();

        var created = await DfiProcess.RunAsync("venv", venv, "--seed", "--python", TestPython.Executable, "--cache-dir", _folder.Combine("cache"));

        created.ShouldSucceed().Stdout.Should().Contain(" + pip==");
        (await PipListAsync(venv)).Should().BeEquivalentTo(await PipListAsync(reference));
        (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "pip"), ["--version"])).ShouldSucceed().Stdout.Should().Contain(venv);
        Directory.EnumerateFiles(Path.Combine(venv, "bin"), "pip*").Select(Path.GetFileName)
            .Should().BeEquivalentTo(Directory.EnumerateFiles(Path.Combine(reference, "bin"), "pip*").Select(Path.GetFileName));
    }

    [Fact]
    public async Task Without_seed_the_environment_has_no_pip()
    {
        var venv = _folder.Combine("bare");

        (await DfiProcess.RunAsync("venv", venv, "--python", TestPython.Executable, "--cache-dir", _folder.Combine("cache"))).ShouldSucceed();

        File.Exists(Path.Combine(venv, "bin", "pip")).Should().BeFalse();
        Directory.EnumerateFileSystemEntries(Path.Combine(venv, "lib", "python3.11", "site-packages")).Should().BeEmpty();
    }
}
