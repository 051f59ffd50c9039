using System.Text.Json;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>One test's temp folder: a virtual environment made by <c>dfi venv</c> from the real python3, a cache, requirements files.</summary>
internal sealed class SyncSandbox : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private SyncSandbox(string venvName, string? cache)
    {
        // Path.Combine keeps an absolute name as it is: an environment or a cache can live elsewhere (another mount).
        Venv = _directory.Combine(venvName);
        Cache = cache ?? _directory.Combine("cache");
    }

    public string Root => _directory.Path;

    public string Venv { get; }

    public string Cache { get; }

    public string Python => Path.Combine(Venv, "bin", "python");

    public string Bin => Path.Combine(Venv, "bin");

    public string SitePackages => Path.Combine(Venv, "lib", "python3.11", "site-packages");

    public string CacheTmp => Path.Combine(Cache, ".tmp");

    public string WheelsBucket => Path.Combine(Cache, "wheels-v1");

    /// <summary>A sandbox with a fresh virtual environment in it (or at <paramref name="venvName"/> when absolute), and its cache at <paramref name="cache"/> if given.</summary>
    public static async Task<SyncSandbox> CreateAsync(string venvName = "venv", string? cache = null)
    {
        var sandbox = new SyncSandbox(venvName, cache);
        await sandbox.CreateVenvAsync(sandbox.Venv);
        return sandbox;
    }

    public async Task CreateVenvAsync(string folder) =>
        (await DfiProcess.RunAsync("venv", folder, "--python", TestPython.Executable, "--cache-dir", Cache)).ShouldSucceed();

    public string Combine(params string[] parts) => _directory.Combine(parts);

    /// <summary>Writes the wheels (as <c>NAME-VERSION-py3-none-any.whl</c>) into a find-links folder of the sandbox and returns it.</summary>
    public async Task<string> WriteWheelsAsync(params Install.WheelBuilder[] wheels)
    {
        var folder = _directory.Combine("wheels");
        Directory.CreateDirectory(folder);
        foreach (var wheel in wheels)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{wheel.Stem}-py3-none-any.whl"), wheel.Build());
        }
        return folder;
    }

    /// <summary>
    /// Writes one wheel of <c>fast 1.0</c> per compatibility tag into the sandbox folder <paramref name="folderName"/> (made
    /// when missing), each holding <c>fast/__init__.py</c> with <c>TAG = 'its tag'</c>, so a test can read which one was chosen.
    /// </summary>
    public async Task<string> WriteTaggedFastWheelsAsync(string folderName, params string[] tags)
    {
        var folder = _directory.Combine(folderName);
        Directory.CreateDirectory(folder);
        foreach (var tag in tags)
        {
            var fast = new Install.WheelBuilder("fast", "1.0").Add("fast/__init__.py", $"TAG = '{tag}'\n");
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{fast.Stem}-{tag}.whl"), fast.Build());
        }
        return folder;
    }

    /// <summary>Writes a requirements file (lines joined with newlines) into the sandbox and returns its path.</summary>
    public string WriteRequirements(string name, params string[] lines)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    /// <summary><c>dfi sync</c> into this sandbox's environment with its cache, plus <paramref name="arguments"/>.</summary>
    public Task<ProcessResult> SyncAsync(params string[] arguments) => SyncAsync(arguments, environment: null);

    public Task<ProcessResult> SyncAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, string? venv = null) =>
        DfiProcess.RunAsync(["sync", .. arguments, "--python", venv ?? Venv, "--cache-dir", Cache], environment);

    /// <summary><c>dfi sync REQUIREMENTS -i SERVER</c>, failing the test unless it succeeds.</summary>
    public async Task<ProcessResult> SyncCheckedAsync(string requirements, TestIndexServer server, params string[] arguments) =>
        (await SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri, .. arguments])).ShouldSucceed();

    public Task<ProcessResult> RunPythonAsync(string code) => ChildProcess.RunAsync(Python, ["-c", code]);

    /// <summary>Real pip, run by the system python3 against this environment (<c>pip --python</c>).</summary>
    public Task<ProcessResult> PipAsync(params string[] arguments) =>
        Pip.RunAsync(Python, arguments);

    /// <summary><c>pip list</c>: distribution name as pip shows it, to version.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PipListAsync()
    {
        var result = (await PipAsync("list", "--format=json")).ShouldSucceed();
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(
            item => item.GetProperty("name").GetString()!,
            item => item.GetProperty("version").GetString()!);
    }

    public async Task PipCheckShouldPassAsync() => (await PipAsync("check")).ShouldSucceed();

    public Task<TreeSnapshot> SnapshotVenvAsync() => TreeSnapshot.TakeAsync(Venv);

    public Task<TreeSnapshot> SnapshotWheelsAsync() => TreeSnapshot.TakeAsync(WheelsBucket);

    /// <summary>The <c>wheels-v1</c> entries (one per sha256 of an unzipped wheel).</summary>
    public IReadOnlyList<string> WheelEntries() => Directory.Exists(WheelsBucket)
        ? Directory.GetDirectories(WheelsBucket).Select(folder => Path.GetFileName(folder)).Order(StringComparer.Ordinal).ToList()
        : [];

    public void CacheTmpShouldBeEmpty() =>
        (Directory.Exists(CacheTmp) ? Directory.GetFileSystemEntries(CacheTmp) : []).Should().BeEmpty("nothing is left in the cache's scratch folder after a run");

    public void Dispose() => _directory.Dispose();
}
