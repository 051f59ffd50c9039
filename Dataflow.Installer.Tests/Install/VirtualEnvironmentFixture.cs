using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Tests.Install;

/// <summary>A real virtual environment (<c>python3 -m venv --without-pip</c>) in a temp folder, shared by a test class.</summary>
public sealed class VirtualEnvironmentFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "dfi-install-" + Guid.NewGuid().ToString("N")[..8]);

    public string Prefix => Path.Combine(Root, "venv");

    public string Python => Path.Combine(Prefix, "bin", "python");

    public string PythonVersion { get; private set; } = "";

    public string Purelib => Path.Combine(Prefix, "lib", $"python{PythonVersion}", "site-packages");

    public string Scripts => Path.Combine(Prefix, "bin");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        await ProcessRunner.RunCheckedAsync("python3", "-m", "venv", "--without-pip", Prefix);
        PythonVersion = (await ProcessRunner.RunCheckedAsync(Python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")).Trim();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The venv's scheme; headers go per distribution, as pip puts them in a venv.</summary>
    public SchemePaths SchemeFor(string distributionName) => new(
        Purelib,
        Purelib,
        Scripts,
        Path.Combine(Prefix, "include", "site", $"python{PythonVersion}", distributionName),
        Prefix);

    /// <summary>A fresh folder for a test's unzipped wheels (the "cache").</summary>
    public string NewCacheFolder()
    {
        var path = Path.Combine(Root, "cache", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Every path under the environment, relative, to compare before and after.</summary>
    public IReadOnlyList<string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(Prefix, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => Path.GetRelativePath(Prefix, p))
            .Order(StringComparer.Ordinal)
            .ToList();
}
