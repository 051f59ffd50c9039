using System.Text;
using System.Text.Json;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>One batch test's temp folder: a manifest, its requirements files, the environments under <c>envs/</c> and a cache.</summary>
internal sealed class BatchWorkspace : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public string Root => _directory.Path;

    public string Manifest => _directory.Combine("manifest.toml");

    public string Cache => _directory.Combine("cache");

    public string Report => _directory.Combine("report.json");

    public string Combine(params string[] parts) => _directory.Combine(parts);

    /// <summary>The absolute folder of the environment named <c>envs/{name}</c> in the manifest.</summary>
    public string EnvironmentPath(string name) => _directory.Combine("envs", name);

    /// <summary>Writes <c>reqs/{name}.txt</c> with one pin per line.</summary>
    public void WriteRequirements(string name, IEnumerable<string> pins)
    {
        Directory.CreateDirectory(_directory.Combine("reqs"));
        File.WriteAllText(_directory.Combine("reqs", name + ".txt"), string.Join('\n', pins) + "\n");
    }

    /// <summary>
    /// Writes requirements for each environment and a manifest with one <c>[[environment]]</c> per entry, at
    /// <c>envs/{name}</c>; <paramref name="pythonOf"/> gives an environment its own base interpreter.
    /// </summary>
    public void WriteManifest(IReadOnlyDictionary<string, string[]> environments, Func<string, string?>? pythonOf = null)
    {
        var text = new StringBuilder("# written by BatchWorkspace\n");
        foreach (var (name, pins) in environments.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            WriteRequirements(name, pins);
            text.Append("\n[[environment]]\n")
                .Append($"path = \"envs/{name}\"\n")
                .Append($"requirements = [\"reqs/{name}.txt\"]\n");
            if (pythonOf?.Invoke(name) is { } python)
            {
                text.Append($"python = \"{python}\"\n");
            }
        }
        File.WriteAllText(Manifest, text.ToString());
    }

    /// <summary><c>dfi batch manifest.toml -i SERVER --cache-dir CACHE --report report.json</c>, plus <paramref name="arguments"/>.</summary>
    public Task<ProcessResult> BatchAsync(TestIndexServer server, params string[] arguments) =>
        DfiProcess.RunAsync(["batch", Manifest, "-i", server.IndexUrl.AbsoluteUri, "--cache-dir", Cache, "--report", Report, .. arguments]);

    /// <summary>The result line of <c>envs/{name}</c> on stdout, without its path.</summary>
    public string LineOf(ProcessResult result, string name)
    {
        var prefix = EnvironmentPath(name) + ": ";
        var lines = result.Stdout.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        lines.Should().ContainSingle($"stdout has one line for {name}\n{result}");
        return lines[0][prefix.Length..];
    }

    /// <summary><c>pip list</c> of <c>envs/{name}</c>, run by the system python3 against it: name as pip shows it, to version.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PipListAsync(string name)
    {
        var result = (await PipAsync(name, "list", "--format=json")).ShouldSucceed();
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(
            item => item.GetProperty("name").GetString()!,
            item => item.GetProperty("version").GetString()!);
    }

    /// <summary>
    /// <c>pip list --path SITE-PACKAGES</c> of each environment, through pip's own command-line entry point in one
    /// system python3: the same listing as <see cref="PipListAsync"/> without starting pip twice per environment.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> PipListEachAsync(IReadOnlyCollection<string> names)
    {
        const string script = """
            import contextlib, io, json, sys
            from pip._internal.cli.main import main
            listed = []
            for site in sys.argv[1:]:
                output = io.StringIO()
                with contextlib.redirect_stdout(output):
                    code = main(["list", "--path", site, "--format=json"])
                if code != 0:
                    sys.exit(f"pip list --path {site} exited with {code}")
                listed.append(json.loads(output.getvalue()))
            json.dump(listed, sys.stdout)
            """;
        var sites = names.Select(name => Path.Combine(EnvironmentPath(name), "lib", "python3.11", "site-packages")).ToList();
        sites.Should().OnlyContain(site => Directory.Exists(site));
        var result = (await ChildProcess.RunAsync("python3", ["-c", script, .. sites])).ShouldSucceed();
        using var json = JsonDocument.Parse(result.Stdout);
        return names.Zip(json.RootElement.EnumerateArray()).ToDictionary(
            pair => pair.First,
            pair => (IReadOnlyDictionary<string, string>)pair.Second.EnumerateArray().ToDictionary(
                item => item.GetProperty("name").GetString()!,
                item => item.GetProperty("version").GetString()!));
    }

    public Task<ProcessResult> PipAsync(string name, params string[] arguments) =>
        Pip.RunAsync(PythonOf(name), arguments);

    public string PythonOf(string name) => Path.Combine(EnvironmentPath(name), "bin", "python");

    public Task<TreeSnapshot> SnapshotAsync(string name) => TreeSnapshot.TakeAsync(EnvironmentPath(name));

    public async Task<JsonDocument> ReadReportAsync() => JsonDocument.Parse(await File.ReadAllTextAsync(Report));

    public void Dispose() => _directory.Dispose();
}
