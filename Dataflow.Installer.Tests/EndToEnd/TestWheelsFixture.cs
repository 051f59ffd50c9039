using System.IO.Compression;
using System.Text.Json;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// The wheels of <c>fixtures/make_test_wheels.py</c>, generated once per test run into a temp folder and shared
/// read-only by every end-to-end class (a class fixture over a process-wide lazy, so classes still run in parallel).
/// </summary>
public sealed class TestWheelsFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<GeneratedWheels>> Shared = new(GenerateAsync);

    private GeneratedWheels? _wheels;

    private GeneratedWheels Wheels => _wheels ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The clean find-links folder: every good wheel and eta's sdist.</summary>
    public string Folder => Wheels.Folder;

    /// <summary><c>bad/</c>: the broken and the tampered wheel.</summary>
    public string BadFolder => Path.Combine(Folder, "bad");

    /// <summary>Whether the platform wheel of gamma carries the compiled <c>gamma._speedups</c>.</summary>
    public bool GammaHasSpeedups => Wheels.GammaHasSpeedups;

    internal IReadOnlyDictionary<string, FixtureFile> Files => Wheels.Files;

    public async Task InitializeAsync() => _wheels = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    public string PathOf(string filename) =>
        File.Exists(Path.Combine(Folder, filename)) ? Path.Combine(Folder, filename) : Path.Combine(BadFolder, filename);

    public string Sha256Of(string filename) => Files.TryGetValue(filename, out var file)
        ? file.Sha256
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(PathOf(filename))));

    /// <summary>A server over the clean folder that yanks and restricts files as <c>index-options.json</c> says.</summary>
    internal TestIndexServer StartServer(TestIndexFormat format = TestIndexFormat.Html) => StartServer(Folder, format);

    /// <summary>A server over <paramref name="folder"/> (e.g. a copy made with <see cref="CopyTo"/>), configured the same way.</summary>
    internal TestIndexServer StartServer(string folder, TestIndexFormat format = TestIndexFormat.Html)
    {
        var server = TestIndexServer.Start(folder);
        server.Format = format;
        foreach (var file in Files.Values)
        {
            if (file.Yanked is not null)
            {
                server.Yanked[file.Filename] = file.Yanked;
            }
            if (file.RequiresPython is not null)
            {
                server.RequiresPython[file.Filename] = file.RequiresPython;
            }
        }
        return server;
    }

    /// <summary>Copies the named fixture files (good or bad) into <paramref name="folder"/>, for a server of its own.</summary>
    public string CopyTo(string folder, params string[] filenames)
    {
        Directory.CreateDirectory(folder);
        foreach (var filename in filenames)
        {
            File.Copy(PathOf(filename), Path.Combine(folder, filename), overwrite: true);
        }
        return folder;
    }

    private static async Task<GeneratedWheels> GenerateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dfi-e2e-wheels-" + Guid.NewGuid().ToString("N")[..12]);
        // Shared by every class, so nobody owns it: it goes when the test process does.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
        var script = Path.Combine(FindRepositoryRoot(), "fixtures", "make_test_wheels.py");
        var result = await ChildProcess.RunAsync("python3", [script, "--out", folder], timeout: TimeSpan.FromMinutes(2));
        result.ShouldSucceed();

        using var options = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "index-options.json")));
        var files = new Dictionary<string, FixtureFile>(StringComparer.Ordinal);
        foreach (var property in options.RootElement.GetProperty("files").EnumerateObject())
        {
            var value = property.Value;
            files[property.Name] = new FixtureFile(
                property.Name,
                value.GetProperty("project").GetString()!,
                value.GetProperty("version").GetString()!,
                value.GetProperty("sha256").GetString()!,
                value.GetProperty("requires-python").GetString(),
                value.GetProperty("yanked").GetString());
        }

        var gamma = files.Keys.Single(name => name.StartsWith("gamma-1.0-cp311-", StringComparison.Ordinal));
        using var archive = ZipFile.OpenRead(Path.Combine(folder, gamma));
        var hasSpeedups = archive.Entries.Any(entry => entry.FullName.StartsWith("gamma/_speedups", StringComparison.Ordinal));
        return new GeneratedWheels(folder, files, hasSpeedups);
    }

    /// <summary>The folder holding <c>Dataflow.sln</c>, found upwards from the test assembly.</summary>
    public static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Dataflow.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Dataflow.sln above {AppContext.BaseDirectory}");
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record GeneratedWheels(string Folder, IReadOnlyDictionary<string, FixtureFile> Files, bool GammaHasSpeedups);
}
