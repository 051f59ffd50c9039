using Dataflow.Installer.Inspect;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Inspect;

/// <summary>A throw-away site-packages folder with hand-written metadata folders, scanned like a real one.</summary>
internal sealed class SitePackagesBuilder : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public string Path => _directory.Path;

    /// <summary>Adds <c>{folder ?? name-version}.dist-info</c> with a METADATA of Name, Version and <paramref name="headers"/>.</summary>
    public string AddDistInfo(string name, string version, string[]? headers = null, string? folder = null, string? record = null, string? directUrl = null)
    {
        var info = System.IO.Path.Combine(Path, (folder ?? $"{name.Replace('-', '_')}-{version}") + ".dist-info");
        Directory.CreateDirectory(info);
        var lines = new List<string> { "Metadata-Version: 2.1", "Name: " + name, "Version: " + version };
        lines.AddRange(headers ?? []);
        File.WriteAllText(System.IO.Path.Combine(info, "METADATA"), string.Join('\n', lines) + "\n\nThe description.\n");
        if (record is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(info, "RECORD"), record);
        }
        if (directUrl is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(info, DirectUrlRecord.FileName), directUrl);
        }
        return info;
    }

    public IReadOnlyList<InstalledProject> Scan(List<string>? warnings = null) => InstalledProjectScanner.Scan([Path], warnings is null ? null : warnings.Add);

    public void Dispose() => _directory.Dispose();
}
