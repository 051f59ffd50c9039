using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.Install;

public sealed class UninstallerTests : IClassFixture<VirtualEnvironmentFixture>
{
    private readonly VirtualEnvironmentFixture _venv;

    public UninstallerTests(VirtualEnvironmentFixture venv) => _venv = venv;

    private IReadOnlyList<string> SnapshotWithoutData() =>
        _venv.Snapshot().Where(p => !p.StartsWith("share", StringComparison.Ordinal)).ToList();

    private async Task<InstalledDistribution> InstallAsync(WheelBuilder wheel, LinkMode mode = LinkMode.Hardlink)
    {
        var folder = wheel.Unzip(_venv.NewCacheFolder());
        return await new WheelInstaller().InstallAsync(
            new WheelInstallRequest(folder, _venv.SchemeFor(wheel.Name), _venv.Python, mode, Requested: true), CancellationToken.None);
    }

    [Fact]
    public async Task Uninstall_removes_every_file_bytecode_and_emptied_folder_leaving_the_environment_as_before()
    {
        var before = _venv.Snapshot();
        var wheel = new WheelBuilder("tau", "1.0")
            .Add("tau/__init__.py", "X = 1\n")
            .Add("tau/deep/er/mod.py", "Y = 2\n");
        wheel.Add($"{wheel.DataName}/data/share/tau/doc.txt", "doc\n")
            .Add($"{wheel.DataName}/headers/tau.h", "int tau;\n")
            .EntryPoints = "[console_scripts]\ntau = tau:main\n";
        var installed = await InstallAsync(wheel);
        await ProcessRunner.RunCheckedAsync(_venv.Python, "-m", "compileall", "-q", Path.Combine(_venv.Purelib, "tau"));
        File.Exists(Path.Combine(_venv.Purelib, "tau", "deep", "er", "__pycache__", $"mod.cpython-{_venv.PythonVersion.Replace(".", "")}.pyc"))
            .Should().BeTrue("compileall wrote bytecode the uninstall must remove");

        await new Uninstaller().UninstallAsync(installed, _venv.Prefix, CancellationToken.None);

        _venv.Snapshot().Should().Equal(before);
    }

    [Fact]
    public async Task Pip_sees_nothing_left_after_our_uninstall()
    {
        var installed = await InstallAsync(new WheelBuilder("upsilon", "1.0").Add("upsilon.py", "U = 1\n"), LinkMode.Copy);

        await new Uninstaller().UninstallAsync(installed, _venv.Prefix, CancellationToken.None);

        var list = await ProcessRunner.RunPipCheckedAsync(_venv.Python, "list", "--format=freeze");
        list.Should().NotContain("upsilon");
        SitePackages.ReadInstalled(_venv.Purelib, _venv.Purelib).Should().NotContain(d => d.Name == "upsilon");
    }

    [Fact]
    public async Task A_RECORD_entry_outside_the_environment_is_refused_before_anything_is_removed()
    {
        var installed = await InstallAsync(new WheelBuilder("phi", "1.0").Add("phi.py", "P = 1\n"));
        var victim = Path.Combine(_venv.Root, "victim.txt");
        await File.WriteAllTextAsync(victim, "keep me");
        var record = Path.Combine(installed.DistInfoPath, "RECORD");
        var escape = Path.GetRelativePath(_venv.Purelib, victim);
        await File.AppendAllTextAsync(record, $"{escape},,\n");

        var act = () => new Uninstaller().UninstallAsync(installed, _venv.Prefix, CancellationToken.None);

        (await act.Should().ThrowAsync<InstallationException>()).Which.Message.Should().Contain("phi 1.0").And.Contain(escape);
        File.Exists(victim).Should().BeTrue();
        File.Exists(Path.Combine(_venv.Purelib, "phi.py")).Should().BeTrue();
    }

    [Fact]
    public async Task A_missing_RECORD_is_an_error_in_pips_words()
    {
        var installed = await InstallAsync(new WheelBuilder("chi", "1.0").Add("chi.py", "C = 1\n"));
        File.Delete(Path.Combine(installed.DistInfoPath, "RECORD"));

        var act = () => new Uninstaller().UninstallAsync(installed, _venv.Prefix, CancellationToken.None);

        (await act.Should().ThrowAsync<InstallationException>()).Which.Message
            .Should().Be("Cannot uninstall chi 1.0, RECORD file not found. Hint: The package was installed by dfi.");
    }

    [Fact]
    public async Task A_legacy_egg_info_with_installed_files_txt_is_uninstalled()
    {
        var eggInfo = Path.Combine(_venv.Purelib, "psi-2.0-py3.11.egg-info");
        Directory.CreateDirectory(eggInfo);
        Directory.CreateDirectory(Path.Combine(_venv.Purelib, "psi"));
        await File.WriteAllTextAsync(Path.Combine(_venv.Purelib, "psi", "__init__.py"), "");
        await File.WriteAllTextAsync(Path.Combine(eggInfo, "PKG-INFO"), "Metadata-Version: 1.0\nName: psi\nVersion: 2.0\n\n");
        await File.WriteAllTextAsync(Path.Combine(eggInfo, "installed-files.txt"), "../psi/__init__.py\nPKG-INFO\ninstalled-files.txt\n");
        var dist = SitePackages.ReadInstalled(_venv.Purelib, _venv.Purelib).Single(d => d.Name == "psi");
        dist.IsEggInfo.Should().BeTrue();

        await new Uninstaller().UninstallAsync(dist, _venv.Prefix, CancellationToken.None);

        Directory.Exists(eggInfo).Should().BeFalse();
        Directory.Exists(Path.Combine(_venv.Purelib, "psi")).Should().BeFalse();
    }
}
