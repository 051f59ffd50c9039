using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

/// <summary>A folder laid out like a virtual environment (no Python needed) for journal and rollback tests.</summary>
internal sealed class JournalEnvironment : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public JournalEnvironment()
    {
        Directory.CreateDirectory(Purelib);
        Directory.CreateDirectory(Scripts);
        File.WriteAllText(Path.Combine(Prefix, "pyvenv.cfg"), "home = /usr/bin\n");
    }

    public string Prefix => _directory.Combine("env");

    public string Purelib => Path.Combine(Prefix, "lib", "python3.11", "site-packages");

    public string Scripts => Path.Combine(Prefix, "bin");

    public string JournalFolder => Path.Combine(Prefix, EnvironmentJournal.FolderName);

    public SchemePaths Scheme(string name) => new(Purelib, Purelib, Scripts, Path.Combine(Prefix, "include", "site", "python3.11", name), Prefix);

    public async Task<InstalledDistribution> InstallAsync(WheelBuilder wheel, EnvironmentJournal? journal = null)
    {
        var folder = wheel.Unzip(_directory.Combine("cache", Guid.NewGuid().ToString("N")[..8]));
        var request = new WheelInstallRequest(folder, Scheme(wheel.Name), "/usr/bin/python3", LinkMode.Hardlink, Requested: true);
        return await new WheelInstaller().InstallAsync(request, journal, CancellationToken.None);
    }

    /// <summary>Files exactly (inode, links, size, mtime); folders by name only, since moving entries out and back touches their mtime.</summary>
    public async Task<(TreeSnapshot Files, IReadOnlyList<string> Folders)> SnapshotAsync()
    {
        var tree = await TreeSnapshot.TakeAsync(Prefix);
        return (tree.Without(path => tree.Entries.Any(entry => entry.Path == path && entry.Type == 'd')),
            tree.Entries.Where(entry => entry.Type == 'd').Select(entry => entry.Path).ToList());
    }

    public static WheelBuilder Wheel(string name, string version, string content) =>
        new WheelBuilder(name, version)
            .Add($"{name}/__init__.py", content)
            .Add($"{name}/sub/deep.py", content);

    public void Dispose() => _directory.Dispose();
}
