using Dataflow.Installer.Tests.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// <c>dfi sync --system</c>: an interpreter outside any virtual environment (a container's, CI's setup-python) synced in
/// its own site-packages, as pip installs there and uv's <c>--system</c> does, and never one its distributor marks as
/// its own (PEP 668) without <c>--break-system-packages</c>. Each test has its own copy of python3's installation.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SystemInterpreterTests : IDisposable
{
    private const string DebianLikeMarker = "[externally-managed]\nError=To install Python packages system-wide, try apt install\n python3-xyz, where xyz is the package you are trying to\n install.\n\n See README.venv for more information.\n";

    private readonly TemporaryDirectory _directory = new();

    private string Cache => _directory.Combine("cache");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Without_system_an_interpreter_outside_a_venv_is_refused_and_left_as_it_was()
    {
        var python = await SystemPythonCopy.CreateAsync(_directory.Combine("python"));
        var requirements = await WriteRequirementsAsync();
        var before = await TreeSnapshot.TakeAsync(python.Prefix);

        var result = await DfiProcess.RunAsync("sync", requirements, "--python", python.Python, "--cache-dir", Cache);

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain($"'{python.Python}' is not in a virtual environment").And.Contain("--system").And.Contain(python.Purelib);
        (await TreeSnapshot.TakeAsync(python.Prefix)).ShouldBeUnchangedSince(before);
    }

    [Fact]
    public async Task With_system_the_interpreters_own_site_packages_gets_the_files_pip_would_put_there()
    {
        var python = await SystemPythonCopy.CreateAsync(_directory.Combine("python"));
        var requirements = await WriteRequirementsAsync();
        // One installation for both tools, one after the other, so that the scripts' #! lines name the same interpreter.
        (await Pip.RunAsync(python.Python, ["install", "-q", "--no-deps", "--no-compile", "-r", requirements])).ShouldSucceed();
        var byPip = await InstalledAsync(python);
        (await Pip.RunAsync(python.Python, ["uninstall", "-y", "-q", "sys-tool"])).ShouldSucceed();
        (await InstalledAsync(python)).Should().BeEmpty();

        var result = (await DfiProcess.RunAsync("sync", requirements, "--python", python.Python, "--system", "--cache-dir", Cache)).ShouldSucceed();

        result.Stdout.Should().Contain("+ sys-tool==1.0");
        var byDfi = await InstalledAsync(python);
        byDfi.Should().Contain(file => file.StartsWith(Path.GetRelativePath(python.Prefix, Path.Combine(python.Purelib, "sys_tool-1.0.dist-info", "RECORD")), StringComparison.Ordinal));
        byDfi.Should().BeEquivalentTo(byPip);
        (await ChildProcess.RunAsync(Path.Combine(python.Scripts, "sys-tool"), [])).ShouldSucceed().Stdout.Should().Be("sys tool from the system\n");
        (await Pip.RunAsync(python.Python, ["check"])).ShouldSucceed();
    }

    [Fact]
    public async Task With_system_what_is_not_listed_is_uninstalled_and_pip_sees_the_result()
    {
        var python = await SystemPythonCopy.CreateAsync(_directory.Combine("python"));
        var requirements = await WriteRequirementsAsync();
        var extra = new WheelBuilder("sys-extra", "2.0").Add("sys_extra.py", "X = 1\n");
        var extraWheel = _directory.Combine("sys_extra-2.0-py3-none-any.whl");
        await File.WriteAllBytesAsync(extraWheel, extra.Build());
        (await Pip.RunAsync(python.Python, ["install", "-q", "--no-deps", extraWheel])).ShouldSucceed();

        var result = (await DfiProcess.RunAsync("sync", requirements, "--python", python.Python, "--system", "--cache-dir", Cache)).ShouldSucceed();

        result.Stdout.Should().Contain("- sys-extra==2.0");
        File.Exists(Path.Combine(python.Purelib, "sys_extra.py")).Should().BeFalse();
        var listed = (await Pip.RunAsync(python.Python, ["list", "--format=freeze"])).ShouldSucceed().Stdout;
        listed.Should().Contain("sys-tool==1.0").And.NotContain("sys-extra");
        (await Pip.RunAsync(python.Python, ["uninstall", "-y", "sys-tool"])).ShouldSucceed();
        Directory.Exists(Path.Combine(python.Purelib, "sys_tool")).Should().BeFalse();
        File.Exists(Path.Combine(python.Scripts, "sys-tool")).Should().BeFalse();
    }

    [Fact]
    public async Task An_externally_managed_interpreter_is_refused_with_its_distributors_words()
    {
        var python = await SystemPythonCopy.CreateAsync(_directory.Combine("python"));
        python.MarkExternallyManaged(DebianLikeMarker);
        var requirements = await WriteRequirementsAsync();
        var before = await TreeSnapshot.TakeAsync(python.Prefix);

        var result = await DfiProcess.RunAsync("sync", requirements, "--python", python.Python, "--system", "--cache-dir", Cache);

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain("is externally managed").And.Contain(Path.Combine(python.Stdlib, "EXTERNALLY-MANAGED"))
            .And.Contain("To install Python packages system-wide, try apt install\npython3-xyz, where xyz is the package you are trying to\ninstall.\n\nSee README.venv")
            .And.Contain("--break-system-packages");
        (await TreeSnapshot.TakeAsync(python.Prefix)).ShouldBeUnchangedSince(before);
    }

    [Fact]
    public async Task Break_system_packages_syncs_an_externally_managed_interpreter_all_the_same()
    {
        var python = await SystemPythonCopy.CreateAsync(_directory.Combine("python"));
        python.MarkExternallyManaged(DebianLikeMarker);
        var requirements = await WriteRequirementsAsync();

        (await DfiProcess.RunAsync("sync", requirements, "--python", python.Python, "--system", "--break-system-packages", "--cache-dir", Cache)).ShouldSucceed();

        (await ChildProcess.RunAsync(python.Python, ["-c", "import sys_tool; print(sys_tool.WHERE)"])).ShouldSucceed().Stdout.Should().Be("system\n");
    }

    [Fact]
    public async Task A_virtual_environment_is_synced_as_always_whatever_its_base_interpreter_is_marked()
    {
        var python = await SystemPythonCopy.CreateAsync(_directory.Combine("python"));
        python.MarkExternallyManaged(DebianLikeMarker);
        var venv = _directory.Combine("venv");
        (await ChildProcess.RunAsync(python.Python, ["-m", "venv", "--without-pip", venv])).ShouldSucceed();
        var requirements = await WriteRequirementsAsync();

        // PEP 668: the marker speaks for the interpreter's own site-packages, never for a venv made from it.
        (await DfiProcess.RunAsync("sync", requirements, "--python", venv, "--cache-dir", Cache)).ShouldSucceed();

        (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "sys-tool"), [])).ShouldSucceed();
    }

    private async Task<string> WriteRequirementsAsync()
    {
        var wheels = _directory.Combine("wheels");
        Directory.CreateDirectory(wheels);
        var wheel = new WheelBuilder("sys-tool", "1.0")
            .Add("sys_tool/__init__.py", "WHERE = 'system'\n\ndef main():\n    print('sys tool from the system')\n")
            .Add("sys_tool/data.txt", "data\n");
        wheel.Add($"{wheel.DataName}/data/share/sys-tool/notes.txt", "notes\n")
            .Add($"{wheel.DataName}/headers/sys_tool.h", "#define SYS_TOOL 1\n");
        wheel.EntryPoints = "[console_scripts]\nsys-tool = sys_tool:main\n";
        await File.WriteAllBytesAsync(Path.Combine(wheels, $"{wheel.Stem}-py3-none-any.whl"), wheel.Build());
        var requirements = _directory.Combine("requirements.txt");
        await File.WriteAllTextAsync(requirements, $"--no-index\n--find-links {wheels}\nsys-tool==1.0\n");
        return requirements;
    }

    // What distributions put into the installation: every file but the copied binary (the standard library is links), with
    // its bytes' hash; INSTALLER (whose content names the installer) and dfi's lock aside, RECORD's rows as a set without
    // INSTALLER's.
    private static async Task<List<string>> InstalledAsync(SystemPythonCopy python) =>
        [.. (await TreeSnapshot.TakeAsync(python.Prefix)).Entries
            .Where(entry => entry.Type == 'f' && !entry.Path.StartsWith("bin/python", StringComparison.Ordinal))
            .Where(entry => Path.GetFileName(entry.Path) is not ("INSTALLER" or ".dfi.lock"))
            .Select(entry => (entry.Path, Full: Path.Combine(python.Prefix, entry.Path)))
            .Select(file => Path.GetFileName(file.Path) == "RECORD"
                ? $"{file.Path}: {string.Join(" | ", File.ReadAllLines(file.Full).Where(line => !line.Contains("/INSTALLER,", StringComparison.Ordinal)).Order(StringComparer.Ordinal))}"
                : $"{file.Path}: {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.Full)))}")];
}
