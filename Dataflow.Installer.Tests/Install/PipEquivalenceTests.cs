using Dataflow.Installer.Install;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Install;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PipEquivalenceTests : IClassFixture<VirtualEnvironmentFixture>
{
    private readonly VirtualEnvironmentFixture _venv;

    public PipEquivalenceTests(VirtualEnvironmentFixture venv) => _venv = venv;

    [Fact]
    public async Task Dfi_installs_the_same_files_with_the_same_RECORD_rows_and_modes_as_pip()
    {
        var wheel = new WheelBuilder("Sigma.Tool", "0.3")
            .Add("sigma/__init__.py", "def main():\n    print('sigma')\n")
            .Add("sigma/data/table.csv", "a,b\n1,2\n");
        wheel.Add($"{wheel.DataName}/scripts/sigma-run", "#!python\nimport sigma; sigma.main()\n")
            .Add($"{wheel.DataName}/scripts/sigma-marked", "#!python\nimport sigma; sigma.main()\n", executable: true)
            .Add($"{wheel.DataName}/scripts/sigma-sh", "#!/bin/sh\necho sigma\n", executable: true)
            .Add("sigma/tool.sh", "#!/bin/sh\necho tool\n", executable: true)
            .Add($"{wheel.DataName}/headers/sigma.h", "int sigma;\n")
            .Add($"{wheel.DataName}/data/share/sigma/doc.txt", "doc\n");
        wheel.EntryPoints = "[console_scripts]\nsigma = sigma:main\n[gui_scripts]\nsigma-gui = sigma:main\n";
        var wheelPath = Path.Combine(_venv.NewCacheFolder(), $"{wheel.Stem}-py3-none-any.whl");
        await File.WriteAllBytesAsync(wheelPath, wheel.Build());

        await ProcessRunner.RunCheckedAsync("python3", "-m", "pip", "--python", _venv.Python, "install", "--no-deps", "--no-compile", wheelPath);
        var distInfo = Path.Combine(_venv.Purelib, wheel.DistInfoName);
        var byPip = await ReadInstalledAsync(distInfo);
        // A local file install gets a PEP 610 record from pip; give dfi the same one, as the pipeline would.
        var directUrl = await File.ReadAllTextAsync(Path.Combine(distInfo, "direct_url.json"));
        await ProcessRunner.RunCheckedAsync("python3", "-m", "pip", "--python", _venv.Python, "uninstall", "-y", "sigma.tool");
        Directory.Exists(distInfo).Should().BeFalse();

        var folder = wheel.Unzip(_venv.NewCacheFolder());
        // pip puts a venv's headers under include/site/python3.X/{project name as given}.
        await new WheelInstaller().InstallAsync(
            new WheelInstallRequest(folder, _venv.SchemeFor("Sigma.Tool"), _venv.Python, LinkMode.Hardlink, DirectUrlJson: directUrl, Requested: true),
            CancellationToken.None);
        var byDfi = await ReadInstalledAsync(distInfo);

        byDfi.Keys.Should().BeEquivalentTo(byPip.Keys);
        foreach (var (path, (entry, content, mode)) in byPip)
        {
            if (path.EndsWith("/INSTALLER", StringComparison.Ordinal))
            {
                byDfi[path].Content.Should().Be("dfi\n");
                continue;
            }
            byDfi[path].Entry.Should().Be(entry, path);
            byDfi[path].Content.Should().Be(content, path);
            byDfi[path].Mode.Should().Be(mode, path);
        }
    }

    private static async Task<Dictionary<string, (RecordEntry Entry, string? Content, UnixFileMode? Mode)>> ReadInstalledAsync(string distInfo)
    {
        var location = Path.GetDirectoryName(distInfo)!;
        var record = RecordFile.Read(Path.Combine(distInfo, "RECORD"));
        return record.ToDictionary(
            e => e.Path,
            e => (e, e.Hash is null ? null : File.ReadAllText(Path.Combine(location, e.Path)),
                File.Exists(Path.Combine(location, e.Path)) ? File.GetUnixFileMode(Path.Combine(location, e.Path)) : (UnixFileMode?)null));
    }
}
