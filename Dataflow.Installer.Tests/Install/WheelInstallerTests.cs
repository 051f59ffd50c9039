using System.Text;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Install;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Install;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WheelInstallerTests : IClassFixture<VirtualEnvironmentFixture>
{
    private readonly VirtualEnvironmentFixture _venv;

    public WheelInstallerTests(VirtualEnvironmentFixture venv) => _venv = venv;

    private async Task<InstalledDistribution> InstallAsync(
        WheelBuilder wheel, LinkMode mode = LinkMode.Copy, string? directUrl = null, bool requested = false,
        SchemePaths? scheme = null, WheelInstaller? installer = null, string? interpreter = null)
    {
        var folder = wheel.Unzip(_venv.NewCacheFolder());
        var request = new WheelInstallRequest(folder, scheme ?? _venv.SchemeFor(wheel.Name), interpreter ?? _venv.Python, mode,
            DirectUrlJson: directUrl, Requested: requested);
        return await (installer ?? new WheelInstaller()).InstallAsync(request, CancellationToken.None);
    }

    private static WheelBuilder Package(string name) => new WheelBuilder(name, "1.0")
        .Add($"{name}/__init__.py", $"def f():\n    return '{name} ok'\n");

    [Theory]
    [InlineData(LinkMode.Copy)]
    [InlineData(LinkMode.Hardlink)]
    [InlineData(LinkMode.Symlink)]
    public async Task An_installed_module_imports_in_the_environment(LinkMode mode)
    {
        var name = "alpha_" + mode.ToString().ToLowerInvariant();
        await InstallAsync(Package(name), mode);

        var output = await ProcessRunner.RunCheckedAsync(_venv.Python, "-c", $"import {name}; print({name}.f())");

        output.Trim().Should().Be($"{name} ok");
    }

    [Fact]
    public async Task Console_scripts_become_launchers_that_run_and_gui_scripts_exist()
    {
        var wheel = new WheelBuilder("beta-hello", "2.0")
            .Add("beta/__init__.py", "")
            .Add("beta/cli.py", "import sys\ndef main():\n    print('hello from beta', sys.argv[0].rsplit('/', 1)[-1])\n    return 3\n"
                + "class Obj:\n    @staticmethod\n    def run():\n        print('nested'); return 0\nobj = Obj()\n");
        wheel.EntryPoints = "[console_scripts]\nbeta-hello = beta.cli:main\nbeta-nested = beta.cli:obj.run [extra]\n\n[gui_scripts]\nbeta-gui = beta.cli:main\n";

        await InstallAsync(wheel);

        var (exit, stdout, _) = await ProcessRunner.RunAsync(Path.Combine(_venv.Scripts, "beta-hello"));
        exit.Should().Be(3, "sys.exit(main()) passes main's return value on");
        stdout.Trim().Should().Be("hello from beta beta-hello");
        (await ProcessRunner.RunCheckedAsync(Path.Combine(_venv.Scripts, "beta-nested"))).Trim().Should().Be("nested");
        var gui = Path.Combine(_venv.Scripts, "beta-gui");
        File.GetUnixFileMode(gui).Should().Be((UnixFileMode)Convert.ToInt32("755", 8));
        File.ReadAllText(gui).Should().Be(
            $"#!{_venv.Python}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom beta.cli import main\nif __name__ == '__main__':\n"
            + "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit(main())\n");
    }

    [Fact]
    public async Task Data_scripts_with_a_python_shebang_are_rewritten_and_runnable()
    {
        var wheel = Package("gamma");
        wheel.Add($"{wheel.DataName}/scripts/gamma-run", "#!python -u\nprint('gamma ran')\n", executable: true)
            .Add($"{wheel.DataName}/scripts/gamma-sh", "#!/bin/sh\necho gamma sh\n", executable: true);

        await InstallAsync(wheel, LinkMode.Hardlink);

        var script = Path.Combine(_venv.Scripts, "gamma-run");
        File.ReadAllText(script).Should().Be($"#!{_venv.Python}\nprint('gamma ran')\n");
        (await ProcessRunner.RunCheckedAsync(script)).Trim().Should().Be("gamma ran");
        (await ProcessRunner.RunCheckedAsync(Path.Combine(_venv.Scripts, "gamma-sh"))).Trim().Should().Be("gamma sh");
    }

    [Fact]
    public async Task A_rewritten_data_script_keeps_the_mode_its_archive_gave_it_as_pip_does()
    {
        var wheel = Package("gamma2");
        wheel.Add($"{wheel.DataName}/scripts/marked", "#!python\nprint(1)\n", executable: true)
            .Add($"{wheel.DataName}/scripts/unmarked", "#!python\nprint(2)\n");

        await InstallAsync(wheel, LinkMode.Hardlink);

        File.ReadAllText(Path.Combine(_venv.Scripts, "unmarked")).Should().StartWith($"#!{_venv.Python}\n");
        File.GetUnixFileMode(Path.Combine(_venv.Scripts, "marked")).Should().Be((UnixFileMode)Convert.ToInt32("755", 8));
        File.GetUnixFileMode(Path.Combine(_venv.Scripts, "unmarked")).Should().Be((UnixFileMode)Convert.ToInt32("644", 8));
    }

    // pip writes "#!{interpreter}" whatever its length; past 127 bytes (distlib's limit for launchers) Linux still runs it.
    [Theory]
    [InlineData("py with space", true)]
    [InlineData("a-very-long-folder-name-that-pushes-the-shebang-line-past-the-127-bytes-of-distlib-but-not-past-the-256-of-linux", false)]
    [InlineData("a-folder-name-so-long-that-the-shebang-line-is-past-the-256-bytes-the-linux-kernel-reads-of-a-script-to-find-its-interpreter-so-that-a-bare-line-naming-it-would-not-run-at-all-and-the-sh-preamble-is-what-makes-it-run-xxxxxxxxxxxxxxxxxxxxxxxxx", true)]
    public async Task Scripts_keep_pips_bare_shebang_unless_a_space_or_the_kernels_limit_needs_the_sh_exec_trick(string folder, bool trick)
    {
        var directory = Path.Combine(_venv.Root, folder);
        Directory.CreateDirectory(directory);
        var interpreter = Path.Combine(directory, "python");
        if (!File.Exists(interpreter))
        {
            File.CreateSymbolicLink(interpreter, _venv.Python);
        }
        var scripts = Path.Combine(_venv.Root, "scripts-" + Guid.NewGuid().ToString("N")[..6]);
        var wheel = new WheelBuilder("delta" + folder.Length, "1.0");
        wheel.Add($"{wheel.DataName}/scripts/delta-run", "#!python\nimport sys\nprint('delta', sys.argv[1])\n", executable: true);
        var scheme = _venv.SchemeFor(wheel.Name) with { Scripts = scripts };

        await InstallAsync(wheel, scheme: scheme, interpreter: interpreter);

        var script = Path.Combine(scripts, "delta-run");
        File.ReadAllText(script).Should().StartWith(trick ? "#!/bin/sh\n'''exec' " : $"#!{interpreter}\nimport sys\n");
        (await ProcessRunner.RunCheckedAsync(script, "arg")).Trim().Should().Be("delta arg");
    }

    [Fact]
    public async Task Headers_and_data_land_in_their_scheme_folders()
    {
        var wheel = Package("epsilon");
        wheel.Add($"{wheel.DataName}/headers/epsilon.h", "#define EPSILON 1\n")
            .Add($"{wheel.DataName}/data/share/epsilon/readme.txt", "data\n")
            .Add($"{wheel.DataName}/purelib/epsilon_extra.py", "X = 1\n");

        await InstallAsync(wheel);

        File.ReadAllText(Path.Combine(_venv.Prefix, "include", "site", $"python{_venv.PythonVersion}", "epsilon", "epsilon.h"))
            .Should().Be("#define EPSILON 1\n");
        File.ReadAllText(Path.Combine(_venv.Prefix, "share", "epsilon", "readme.txt")).Should().Be("data\n");
        File.Exists(Path.Combine(_venv.Purelib, "epsilon_extra.py")).Should().BeTrue();
    }

    [Fact]
    public async Task A_wheel_whose_root_is_not_purelib_goes_to_platlib()
    {
        var platlib = Path.Combine(_venv.Root, "platlib-" + Guid.NewGuid().ToString("N")[..6]);
        var wheel = Package("zeta");
        wheel.RootIsPurelib = false;

        var installed = await InstallAsync(wheel, scheme: _venv.SchemeFor("zeta") with { Platlib = platlib });

        File.Exists(Path.Combine(platlib, "zeta", "__init__.py")).Should().BeTrue();
        installed.DistInfoPath.Should().Be(Path.Combine(platlib, wheel.DistInfoName));
        File.Exists(Path.Combine(_venv.Purelib, "zeta", "__init__.py")).Should().BeFalse();
    }

    [Fact]
    public async Task The_new_RECORD_lists_every_installed_file_with_its_hash_sorted_with_CRLF_as_pip_writes_it()
    {
        var wheel = Package("eta");
        wheel.Add($"{wheel.DataName}/scripts/eta-run", "#!python\nprint(1)\n")
            .Add($"{wheel.DataName}/data/share/eta/a,b \"q\".txt", "odd name\n");
        wheel.EntryPoints = "[console_scripts]\neta = eta:f\n";

        var installed = await InstallAsync(wheel, directUrl: "{\"url\": \"file:///eta\", \"dir_info\": {}}", requested: true);

        var text = File.ReadAllText(Path.Combine(installed.DistInfoPath, "RECORD"));
        text.Should().EndWith("\r\n").And.NotMatchRegex("[^\r]\n");
        var lines = File.ReadAllLines(Path.Combine(installed.DistInfoPath, "RECORD"));
        lines.Should().Contain($"{wheel.DistInfoName}/RECORD,,");
        lines.Select(line => line.TrimStart('"')).Should().BeInAscendingOrder(StringComparer.Ordinal);
        var record = RecordFile.Parse(string.Join("\n", lines));
        record.Select(e => e.Path).Should().Contain([
            "eta/__init__.py", "../../../bin/eta-run", "../../../bin/eta", "../../../share/eta/a,b \"q\".txt",
            $"{wheel.DistInfoName}/METADATA", $"{wheel.DistInfoName}/INSTALLER", $"{wheel.DistInfoName}/REQUESTED",
            $"{wheel.DistInfoName}/direct_url.json"]);
        record.Should().OnlyHaveUniqueItems(e => e.Path);
        foreach (var entry in record.Where(e => e.Path != $"{wheel.DistInfoName}/RECORD"))
        {
            var bytes = File.ReadAllBytes(Path.Combine(_venv.Purelib, entry.Path));
            entry.Size.Should().Be(bytes.Length, entry.Path);
            entry.Hash!.Matches(bytes).Should().BeTrue(entry.Path);
        }
        var distInfoFiles = Directory.GetFiles(installed.DistInfoPath).Select(f => $"{wheel.DistInfoName}/{Path.GetFileName(f)}");
        record.Select(e => e.Path).Should().Contain(distInfoFiles);
    }

    [Fact]
    public async Task A_RECORD_row_for_a_folder_is_copied_into_the_installed_RECORD_as_pip_copies_it()
    {
        var wheel = Package("theta").Add("theta/sub/x.py", "X = 1\n");
        wheel.ExtraRecordLines.Add("theta/sub/,,");

        var installed = await InstallAsync(wheel);

        RecordFile.Read(Path.Combine(installed.DistInfoPath, "RECORD")).Should().ContainSingle(row => row.Path == "theta/sub/")
            .Which.Hash.Should().BeNull();
        File.Exists(Path.Combine(_venv.Purelib, "theta", "sub", "x.py")).Should().BeTrue();
    }

    [Fact]
    public async Task INSTALLER_names_dfi_and_REQUESTED_and_direct_url_are_written_only_when_asked()
    {
        var asked = await InstallAsync(Package("theta"), directUrl: "{\"url\":\"https://example.org/theta.whl\",\"archive_info\":{}}", requested: true);
        var plain = await InstallAsync(Package("iota"));

        File.ReadAllText(Path.Combine(asked.DistInfoPath, "INSTALLER")).Should().Be("dfi\n");
        File.ReadAllBytes(Path.Combine(asked.DistInfoPath, "REQUESTED")).Should().BeEmpty();
        File.ReadAllText(Path.Combine(asked.DistInfoPath, "direct_url.json")).Should().Be("{\"url\":\"https://example.org/theta.whl\",\"archive_info\":{}}");
        File.ReadAllText(Path.Combine(plain.DistInfoPath, "INSTALLER")).Should().Be("dfi\n");
        File.Exists(Path.Combine(plain.DistInfoPath, "REQUESTED")).Should().BeFalse();
        File.Exists(Path.Combine(plain.DistInfoPath, "direct_url.json")).Should().BeFalse();
        plain.Should().Be(new InstalledDistribution("iota", "1.0", Path.Combine(_venv.Purelib, "iota-1.0.dist-info")));
    }

    [Theory]
    [InlineData(LinkMode.Hardlink, true)]
    [InlineData(LinkMode.Copy, false)]
    public async Task Hard_links_share_the_cache_files_inode_and_copies_do_not(LinkMode mode, bool shared)
    {
        var name = "kappa_" + mode.ToString().ToLowerInvariant();
        var wheel = Package(name);
        var folder = wheel.Unzip(_venv.NewCacheFolder());
        var installer = new WheelInstaller();

        await installer.InstallAsync(new WheelInstallRequest(folder, _venv.SchemeFor(name), _venv.Python, mode), CancellationToken.None);

        var cached = await InodeAsync(Path.Combine(folder, name, "__init__.py"));
        var installed = await InodeAsync(Path.Combine(_venv.Purelib, name, "__init__.py"));
        (cached == installed).Should().Be(shared);
        installer.HardlinkFellBackToCopy.Should().BeFalse();
    }

    [Fact]
    public async Task Hard_links_across_filesystems_fall_back_to_copies_and_warn_once()
    {
        // /dev/shm is a tmpfs, a different filesystem from the temp folder holding the venv.
        Directory.Exists("/dev/shm").Should().BeTrue("this test needs a second filesystem");
        (await DeviceAsync("/dev/shm")).Should().NotBe(await DeviceAsync(_venv.Root));
        var cache = Path.Combine("/dev/shm", "dfi-install-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var warnings = new List<string>();
            var installer = new WheelInstaller(warnings.Add);
            foreach (var name in new[] { "crossdev_one", "crossdev_two" })
            {
                var folder = Package(name).Unzip(cache);
                await installer.InstallAsync(new WheelInstallRequest(folder, _venv.SchemeFor(name), _venv.Python, LinkMode.Hardlink), CancellationToken.None);
                File.ReadAllText(Path.Combine(_venv.Purelib, name, "__init__.py")).Should().Contain($"{name} ok");
            }

            installer.HardlinkFellBackToCopy.Should().BeTrue();
            warnings.Should().ContainSingle().Which.Should().Contain("copying");
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task Reinstalling_from_the_same_cache_entry_replaces_files_and_leaves_no_temp_files()
    {
        var wheel = Package("lambda_again");
        var folder = wheel.Unzip(_venv.NewCacheFolder());
        var request = new WheelInstallRequest(folder, _venv.SchemeFor(wheel.Name), _venv.Python, LinkMode.Hardlink);

        await new WheelInstaller().InstallAsync(request, CancellationToken.None);
        await new WheelInstaller().InstallAsync(request, CancellationToken.None);

        Directory.GetFiles(Path.Combine(_venv.Purelib, "lambda_again")).Select(Path.GetFileName).Should().Equal("__init__.py");
        File.ReadAllText(Path.Combine(folder, "lambda_again", "__init__.py")).Should().Contain("lambda_again ok", "the cache is never written through");
    }

    [Theory]
    [InlineData("../outside.py")]
    [InlineData("mu/../../outside.py")]
    public async Task A_member_that_would_land_outside_its_folder_is_refused(string member)
    {
        var wheel = Package("mu");
        wheel.ExtraRecordLines.Add($"{member},,");
        var cache = _venv.NewCacheFolder();
        var folder = wheel.Unzip(cache);
        File.WriteAllText(Path.GetFullPath(Path.Combine(folder, member)), "evil\n");

        var act = () => new WheelInstaller().InstallAsync(
            new WheelInstallRequest(folder, _venv.SchemeFor("mu"), _venv.Python, LinkMode.Copy), CancellationToken.None);

        (await act.Should().ThrowAsync<InstallationException>()).Which.Message.Should().Contain("mu-1.0").And.Contain(member);
        File.Exists(Path.Combine(Path.GetDirectoryName(_venv.Purelib)!, "outside.py")).Should().BeFalse();
    }

    [Fact]
    public async Task An_unknown_data_folder_is_refused()
    {
        var wheel = Package("nu");
        wheel.Add($"{wheel.DataName}/elsewhere/x.txt", "x");

        var act = () => InstallAsync(wheel);

        (await act.Should().ThrowAsync<InstallationException>()).Which.Message.Should().Contain("elsewhere").And.Contain("nu-1.0");
    }

    [Fact]
    public async Task Wheel_version_2_is_refused_and_1_9_installs_with_a_warning()
    {
        var newer = Package("xi");
        newer.WheelVersion = "2.0";
        var minor = Package("omicron");
        minor.WheelVersion = "1.9";
        var warnings = new List<string>();
        var installer = new WheelInstaller(warnings.Add);

        var act = () => InstallAsync(newer, installer: installer);
        (await act.Should().ThrowAsync<InstallationException>()).Which.Message.Should().Contain("xi-1.0").And.Contain("2.0");
        await InstallAsync(minor, installer: installer);

        warnings.Should().ContainSingle().Which.Should().Contain("omicron-1.0").And.Contain("1.9");
    }

    [Fact]
    public async Task Several_dist_info_folders_are_refused_unless_one_is_named()
    {
        var wheel = Package("pi");
        var folder = wheel.Unzip(_venv.NewCacheFolder());
        Directory.CreateDirectory(Path.Combine(folder, "other-1.0.dist-info"));

        var discover = () => new WheelInstaller().InstallAsync(
            new WheelInstallRequest(folder, _venv.SchemeFor("pi"), _venv.Python, LinkMode.Copy), CancellationToken.None);
        (await discover.Should().ThrowAsync<InstallationException>()).Which.Message.Should().Contain("several .dist-info");

        var named = await new WheelInstaller().InstallAsync(
            new WheelInstallRequest(folder, _venv.SchemeFor("pi"), _venv.Python, LinkMode.Copy, DistInfoName: wheel.DistInfoName),
            CancellationToken.None);
        named.Name.Should().Be("pi");
    }

    [Fact]
    public async Task Pip_lists_the_installed_distribution_and_uninstalls_it_cleanly()
    {
        var before = _venv.Snapshot().Where(p => !p.StartsWith("share", StringComparison.Ordinal)).ToList();
        var wheel = Package("rho-dist");
        wheel.Add("rho_dist/sub/mod.py", "")
            .Add($"{wheel.DataName}/data/share/rho/file.txt", "x")
            .EntryPoints = "[console_scripts]\nrho = rho_dist:f\n";
        wheel.Add("rho_dist/__init__.py", "def f():\n    return 0\n");

        await InstallAsync(wheel, LinkMode.Hardlink, requested: true);

        var list = await ProcessRunner.RunPipCheckedAsync(_venv.Python, "list", "--format=freeze");
        list.Should().Contain("rho-dist==1.0");
        var check = await ProcessRunner.RunPipCheckedAsync(_venv.Python, "check");
        check.Should().Contain("No broken requirements");
        await ProcessRunner.RunPipCheckedAsync(_venv.Python, "uninstall", "-y", "rho-dist");
        _venv.Snapshot().Where(p => !p.StartsWith("share", StringComparison.Ordinal))
            .Should().Equal(before, "pip removes every file dfi installed (it only leaves emptied data folders)");
    }

    private static async Task<string> DeviceAsync(string path) =>
        (await ProcessRunner.RunCheckedAsync("stat", "-c", "%d", path)).Trim();

    private static async Task<string> InodeAsync(string path) =>
        (await ProcessRunner.RunCheckedAsync("stat", "-c", "%d:%i", path)).Trim();
}
