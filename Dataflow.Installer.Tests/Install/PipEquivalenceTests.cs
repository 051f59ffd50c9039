using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Install;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Unzip;

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
        await InstallWithPipThenDfiAndCompareAsync(wheel, "sigma.tool");
    }

    [Fact]
    public async Task Versioned_pip_and_easy_install_scripts_are_named_for_the_target_interpreter_as_pip_names_them()
    {
        // As pip's and old setuptools' universal wheels carry them: named for whichever Python built the wheel.
        var wheel = new WheelBuilder("fake-pip", "1.0")
            .Add("fakepip/__init__.py", "def main():\n    return 0\n");
        wheel.EntryPoints = "[console_scripts]\npip = fakepip:main\npip3 = fakepip:main\npip3.9 = fakepip:main\n"
            + "easy_install = fakepip:main\neasy_install-3.6 = fakepip:main\npip-tool = fakepip:main\npip3.x = fakepip:main\n"
            + "[gui_scripts]\npip3.8 = fakepip:main\n";

        var installed = await InstallWithPipThenDfiAndCompareAsync(wheel, "fake-pip");

        var scripts = installed.Keys.Where(path => path.StartsWith("../../../bin/", StringComparison.Ordinal)).Select(path => path[13..]);
        scripts.Should().BeEquivalentTo("pip", "pip3", $"pip{_venv.PythonVersion}", "easy_install", $"easy_install-{_venv.PythonVersion}",
            "pip-tool", "pip3.x", "pip3.8");
    }

    [Fact]
    public async Task A_RECORD_row_without_a_hash_is_kept_without_one_as_pip_keeps_it()
    {
        var wheel = new WheelBuilder("tau-rows", "1.0")
            .Add("tau/__init__.py", "")
            .Add("tau/plain.py", "X = 1\n")
            .Add("tau/with, comma.txt", "c\n");
        wheel.UnhashedFiles.Add("tau/plain.py");

        var installed = await InstallWithPipThenDfiAndCompareAsync(wheel, "tau-rows");

        installed["tau/plain.py"].Entry.Should().Be(new RecordEntry("tau/plain.py", null, null));
        installed["tau/with, comma.txt"].Entry.Hash.Should().NotBeNull();
    }

    [Fact]
    public async Task A_wheel_whose_RECORD_lists_files_it_lacks_and_leaves_out_files_it_holds_is_recorded_as_pip_records_it()
    {
        // As stlite ships streamlit: RECORD lists the .py files the wheel replaced by .pyc files it does not list. The
        // cache mends its own copy of RECORD; the installed one still has pip's rows.
        var wheel = new WheelBuilder("upsilon-pre", "1.0")
            .Add("upsilon/__init__.py", "")
            .Add("upsilon/mod.pyc", [0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]);
        wheel.UnlistedFiles.Add("upsilon/mod.pyc");
        wheel.ExtraRecordLines.Add($"upsilon/mod.py,sha256={WheelBuilder.Base64Url(System.Security.Cryptography.SHA256.HashData("M = 1\n"u8))},6");
        wheel.ExtraRecordLines.Add($"{wheel.DataName}/scripts/gone,,");
        wheel.ExtraRecordLines.Add("upsilon/sub/,,");

        var installed = await InstallWithPipThenDfiAndCompareAsync(wheel, "upsilon-pre", throughCache: true);

        installed["upsilon/mod.pyc"].Entry.Should().Be(new RecordEntry("upsilon/mod.pyc", null, null));
        installed["upsilon/mod.py"].Entry.Size.Should().Be(6, "the row of a file the wheel lacks is copied as it is");
        installed.Should().ContainKeys($"{wheel.DataName}/scripts/gone", "upsilon/sub/");
    }

    /// <summary>Installs the wheel with pip, reads the result, uninstalls it with pip, installs it with dfi (from a plain
    /// unzipped folder, or through the cache's unzip) and checks that every file, RECORD row and mode is pip's.</summary>
    private async Task<Dictionary<string, (RecordEntry Entry, string? Content, UnixFileMode? Mode)>> InstallWithPipThenDfiAndCompareAsync(
        WheelBuilder wheel, string project, bool throughCache = false)
    {
        var wheelPath = Path.Combine(_venv.NewCacheFolder(), $"{wheel.Stem}-py3-none-any.whl");
        var bytes = wheel.Build();
        await File.WriteAllBytesAsync(wheelPath, bytes);

        await ProcessRunner.RunPipCheckedAsync(_venv.Python, "install", "--no-deps", "--no-compile", wheelPath);
        var distInfo = Path.Combine(_venv.Purelib, wheel.DistInfoName);
        var byPip = await ReadInstalledAsync(distInfo);
        // A local file install gets a PEP 610 record from pip; give dfi the same one, as the pipeline would.
        var directUrl = await File.ReadAllTextAsync(Path.Combine(distInfo, "direct_url.json"));
        await ProcessRunner.RunPipCheckedAsync(_venv.Python, "uninstall", "-y", project);
        Directory.Exists(distInfo).Should().BeFalse();

        var folder = throughCache
            ? new WheelUnzipper(new CacheRoot(_venv.NewCacheFolder())).Unzip(
                new DownloadedArchive(wheelPath, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), bytes.Length, IsScratch: false),
                Path.GetFileName(wheelPath), wheel.Stem, CancellationToken.None).Tree
            : wheel.Unzip(_venv.NewCacheFolder());
        // pip puts a venv's headers under include/site/python3.X/{project name as given}.
        var version = _venv.PythonVersion.Split('.');
        await new WheelInstaller().InstallAsync(
            new WheelInstallRequest(folder, _venv.SchemeFor(wheel.Name), _venv.Python, LinkMode.Hardlink, DirectUrlJson: directUrl, Requested: true,
                TreeIsVerified: throughCache)
            {
                InterpreterVersion = (int.Parse(version[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(version[1], System.Globalization.CultureInfo.InvariantCulture)),
            },
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
        await ProcessRunner.RunPipCheckedAsync(_venv.Python, "uninstall", "-y", project);
        return byDfi;
    }

    private static async Task<Dictionary<string, (RecordEntry Entry, string? Content, UnixFileMode? Mode)>> ReadInstalledAsync(string distInfo)
    {
        var location = Path.GetDirectoryName(distInfo)!;
        var record = RecordFile.Read(Path.Combine(distInfo, "RECORD"));
        return record.ToDictionary(
            e => e.Path,
            e => (e, e.Hash is null || !File.Exists(Path.Combine(location, e.Path)) ? null : File.ReadAllText(Path.Combine(location, e.Path)),
                File.Exists(Path.Combine(location, e.Path)) ? File.GetUnixFileMode(Path.Combine(location, e.Path)) : (UnixFileMode?)null));
    }
}
