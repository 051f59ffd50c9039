using Dataflow.Installer.Tests.Install;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// <c>dfi sync --target DIR</c>: a plain folder filled as pip's <c>--target</c> fills it (an AWS Lambda package, a
/// zipapp's contents), and kept in line with the requirements as an environment is.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TargetFolderTests
{
    [Fact]
    public async Task A_target_folder_gets_the_files_and_bytes_pip_target_puts_there_and_the_environment_is_left_alone()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = await WriteRequirementsAsync(sandbox, "tool-a==1.0", "tool-b==2.0");
        var byPip = sandbox.Combine("by-pip");
        var byDfi = sandbox.Combine("by-dfi");
        var venvBefore = await sandbox.SnapshotVenvAsync();

        // pip and dfi both run by the venv's interpreter, so that the scripts' #! lines are the same.
        (await sandbox.PipAsync("install", "-q", "--no-deps", "--no-compile", "--target", byPip, "-r", requirements)).ShouldSucceed();
        var result = (await sandbox.SyncAsync(requirements, "--target", byDfi)).ShouldSucceed();

        result.Stdout.Should().Contain("+ tool-a==1.0").And.Contain("+ tool-b==2.0");
        Files(byDfi).Should().BeEquivalentTo(Files(byPip));
        // pip's RECORD names scripts, headers and data from the temporary folder it installed into before moving them
        // (../../bin/NAME); dfi's rows are relative to the target, where the files are.
        Rows(byDfi, "tool_a-1.0.dist-info").Should().BeEquivalentTo(Rows(byPip, "tool_a-1.0.dist-info").Select(row => row.StartsWith("../../", StringComparison.Ordinal) ? row[6..] : row));
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(venvBefore, because: "--target installs into the folder, not the interpreter's environment");

        var withTarget = new Dictionary<string, string?> { ["PYTHONPATH"] = byDfi };
        (await ChildProcess.RunAsync(Path.Combine(byDfi, "bin", "tool-a"), [], withTarget)).ShouldSucceed().Stdout.Should().Be("tool a\n");
        (await ChildProcess.RunAsync(sandbox.Python, ["-c", "import tool_b; print(tool_b.NAME)"], withTarget)).ShouldSucceed().Stdout.Should().Be("b\n");
    }

    [Fact]
    public async Task A_target_is_kept_in_line_with_the_requirements_unlisted_distributions_removed_and_a_repeat_is_a_no_op()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var target = sandbox.Combine("package");
        var both = await WriteRequirementsAsync(sandbox, "tool-a==1.0", "tool-b==2.0");
        (await sandbox.SyncAsync(both, "--target", target)).ShouldSucceed();
        var onlyB = sandbox.WriteRequirements("only-b.txt", "--no-index", $"--find-links {sandbox.Combine("wheels")}", "tool-b==2.0");

        var result = (await sandbox.SyncAsync(onlyB, "--target", target)).ShouldSucceed();
        var repeat = (await sandbox.SyncAsync(onlyB, "--target", target)).ShouldSucceed();

        result.Stdout.Should().Contain("- tool-a==1.0");
        Directory.Exists(Path.Combine(target, "tool_a")).Should().BeFalse();
        Directory.Exists(Path.Combine(target, "tool_a-1.0.dist-info")).Should().BeFalse();
        File.Exists(Path.Combine(target, "bin", "tool-a")).Should().BeFalse();
        File.Exists(Path.Combine(target, "tool_b", "__init__.py")).Should().BeTrue();
        repeat.Stdout.Should().Contain("Audited 1 package").And.Contain("nothing to do");
    }

    [Fact]
    public async Task A_folder_pip_target_filled_is_synced_its_scripts_headers_and_data_removed_with_their_distribution()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var target = sandbox.Combine("package");
        var both = await WriteRequirementsAsync(sandbox, "tool-a==1.0", "tool-b==2.0");
        (await sandbox.PipAsync("install", "-q", "--no-deps", "--no-compile", "--target", target, "-r", both)).ShouldSucceed();
        File.ReadAllText(Path.Combine(target, "tool_a-1.0.dist-info", "RECORD")).Should().Contain("../../bin/tool-a,", "pip --target's rows name its temporary folder");
        var onlyB = sandbox.WriteRequirements("only-b.txt", "--no-index", $"--find-links {sandbox.Combine("wheels")}", "tool-b==2.0");

        var result = (await sandbox.SyncAsync(onlyB, "--target", target)).ShouldSucceed();

        result.Stdout.Should().Contain("- tool-a==1.0");
        Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(target, path))
            .Where(path => path.Contains("tool-a", StringComparison.Ordinal) || path.Contains("tool_a", StringComparison.Ordinal))
            .Should().BeEmpty("every file pip put there for tool-a goes, though its RECORD names them from elsewhere");
        File.Exists(Path.Combine(target, "tool_b", "__init__.py")).Should().BeTrue();
    }

    [Fact]
    public async Task List_and_freeze_with_path_print_what_pip_prints_for_a_target_folder()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var target = sandbox.Combine("package");
        (await sandbox.SyncAsync(await WriteRequirementsAsync(sandbox, "tool-a==1.0", "tool-b==2.0"), "--target", target)).ShouldSucceed();
        string[][] commands = [["list"], ["list", "--format", "json"], ["freeze"], ["list", "--path", sandbox.SitePackages, "--format", "freeze"], ["list", "--local"]];

        foreach (var command in commands)
        {
            var pip = await sandbox.PipAsync([.. command, "--path", target]);
            var dfi = await DfiProcess.RunAsync([.. command, "--path", target, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache]);

            dfi.Stdout.Should().Be(pip.Stdout, $"dfi must print what pip prints\n{pip}\n{dfi}");
            (dfi.ExitCode == 0).Should().Be(pip.ExitCode == 0, $"dfi must fail where pip fails\n{pip}\n{dfi}");
        }
        (await DfiProcess.RunAsync("freeze", "--path", target, "--python", sandbox.Venv, "--cache-dir", sandbox.Cache)).Stdout.Should().Be("tool-a==1.0\ntool-b==2.0\n");
    }

    [Fact]
    public async Task Platform_and_python_version_choose_the_wheels_pip_chooses_for_that_interpreter()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = sandbox.Combine("wheels");
        Directory.CreateDirectory(folder);
        string[] fastTags = ["cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp312-cp312-macosx_11_0_arm64", "cp312-cp312-manylinux_2_28_x86_64"];
        string[] stableTags = ["cp38-abi3-manylinux2014_aarch64", "cp38-abi3-manylinux1_x86_64"];
        foreach (var (name, tags) in new[] { ("fast", fastTags), ("stable", stableTags) })
        {
            foreach (var tag in tags)
            {
                var wheel = new WheelBuilder(name, "1.0").Add($"{name}/__init__.py", $"TAG = '{tag}'\n");
                await File.WriteAllBytesAsync(Path.Combine(folder, $"{wheel.Stem}-{tag}.whl"), wheel.Build());
            }
        }
        var requirements = sandbox.WriteRequirements("requirements.txt", "--no-index", $"--find-links {folder}", "fast==1.0", "stable==1.0");
        string[] lambda = ["--platform", "manylinux2014_x86_64", "--python-version", "3.12", "--implementation", "cp"];
        var byPip = sandbox.Combine("by-pip");
        var byDfi = sandbox.Combine("by-dfi");

        (await sandbox.PipAsync(["install", "-q", "--no-compile", "--only-binary=:all:", "--target", byPip, "-r", requirements, .. lambda])).ShouldSucceed();
        (await sandbox.SyncAsync([requirements, "--target", byDfi, .. lambda], environment: null)).ShouldSucceed();

        foreach (var name in new[] { "fast", "stable" })
        {
            File.ReadAllText(Path.Combine(byDfi, name, "__init__.py")).Should().Be(File.ReadAllText(Path.Combine(byPip, name, "__init__.py")));
        }
        File.ReadAllText(Path.Combine(byDfi, "fast", "__init__.py")).Should().Contain("cp312-cp312-manylinux_2_17_x86_64");
        File.ReadAllText(Path.Combine(byDfi, "stable", "__init__.py")).Should().Contain("manylinux1_x86_64", "pip reads manylinux2014 as taking manylinux1 wheels too");
    }

    [Fact]
    public async Task Python_platform_chooses_each_named_platforms_wheel_and_reads_its_markers_as_uv_does()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        string[] platforms = ["manylinux_2_17_x86_64.manylinux2014_x86_64", "manylinux_2_28_x86_64", "musllinux_1_1_x86_64", "macosx_11_0_arm64", "win_amd64", "manylinux_2_17_aarch64.manylinux2014_aarch64"];
        var folder = await sandbox.WriteTaggedFastWheelsAsync("wheels", [.. platforms.Select(platform => "cp312-cp312-" + platform)]);
        var darwinOnly = new WheelBuilder("darwinonly", "1.0").Add("darwinonly.py", "X = 1\n");
        await File.WriteAllBytesAsync(Path.Combine(folder, $"{darwinOnly.Stem}-py3-none-any.whl"), darwinOnly.Build());
        var requirements = sandbox.WriteRequirements("requirements.txt", "--no-index", $"--find-links {folder}",
            "fast==1.0", "darwinonly==1.0 ; sys_platform == 'darwin' and platform_machine == 'arm64'");

        var chosen = new Dictionary<string, string>();
        foreach (var platform in new[] { "linux", "x86_64-manylinux_2_28", "x86_64-unknown-linux-musl", "macos", "windows", "aarch64-manylinux2014" })
        {
            var target = sandbox.Combine("package-" + platform);
            (await sandbox.SyncAsync(requirements, "--target", target, "--python-platform", platform, "--python-version", "3.12")).ShouldSucceed();
            chosen[platform] = File.ReadAllText(Path.Combine(target, "fast", "__init__.py"));
            File.Exists(Path.Combine(target, "darwinonly.py")).Should().Be(platform == "macos", $"only macOS on arm64 wants darwinonly ({platform})");
        }
        var both = await sandbox.SyncAsync(requirements, "--target", sandbox.Combine("both"), "--python-platform", "linux", "--platform", "win_amd64");
        var unknown = await sandbox.SyncAsync(requirements, "--target", sandbox.Combine("unknown"), "--python-platform", "x86_64-unknown-freebsd");

        chosen["linux"].Should().Contain("-manylinux_2_17_x86_64.", "uv's linux is glibc 2.17, which a manylinux_2_28 wheel needs more than");
        chosen["x86_64-manylinux_2_28"].Should().Contain("-manylinux_2_28_x86_64'");
        chosen["x86_64-unknown-linux-musl"].Should().Contain("musllinux_1_1_x86_64");
        chosen["macos"].Should().Contain("macosx_11_0_arm64");
        chosen["windows"].Should().Contain("win_amd64");
        chosen["aarch64-manylinux2014"].Should().Contain("manylinux_2_17_aarch64");
        both.ExitCode.Should().Be(2);
        both.Stderr.Should().Contain("--python-platform and --platform both name the platform");
        unknown.ExitCode.Should().Be(2);
        unknown.Stderr.Should().Contain("--python-platform 'x86_64-unknown-freebsd' is not a platform dfi knows");
        Directory.Exists(sandbox.Combine("both")).Should().BeFalse();
    }

    [Fact]
    public async Task A_foreign_interpreters_markers_and_requires_python_decide_and_nothing_is_built_for_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var newer = new WheelBuilder("newer", "1.0").Add("newer.py", "X = 1\n");
        newer.Metadata = "Requires-Python: >=3.12\n";
        var folder = await sandbox.WriteWheelsAsync(newer, new WheelBuilder("winonly", "1.0").Add("winonly.py", "X = 1\n"));
        var requirements = sandbox.WriteRequirements("requirements.txt", "--no-index", $"--find-links {folder}",
            "newer==1.0 ; python_version >= '3.12'", "winonly==1.0 ; sys_platform == 'win32'");
        var target = sandbox.Combine("package");

        var forLinux312 = (await sandbox.SyncAsync(requirements, "--target", target, "--platform", "manylinux2014_x86_64", "--python-version", "3.12")).ShouldSucceed();
        var forWindows312 = (await sandbox.SyncAsync(requirements, "--target", target, "--platform", "win_amd64", "--python-version", "3.12", "--dry-run")).ShouldSucceed();
        var here = (await sandbox.SyncAsync(requirements, "--target", sandbox.Combine("here"), "--dry-run")).ShouldSucceed();
        var elsewhere = await sandbox.SyncAsync(requirements, "--platform", "manylinux2014_x86_64");
        var compiled = await sandbox.SyncAsync(requirements, "--target", sandbox.Combine("compiled"), "--python-version", "3.12", "--compile-bytecode");
        Support.TestDistributions.WriteSdist(folder, "sourceonly-1.0.tar.gz");
        var source = sandbox.WriteRequirements("source.txt", "--no-index", $"--find-links {folder}", "sourceonly==1.0");
        var unbuildable = await sandbox.SyncAsync(source, "--target", sandbox.Combine("source"), "--platform", "manylinux2014_x86_64");

        forLinux312.Stdout.Should().Contain("+ newer==1.0").And.NotContain("winonly");
        forWindows312.Stdout.Should().Contain("+ winonly==1.0");
        here.Stdout.Should().NotContain("newer").And.NotContain("winonly", "the asked Python 3.11 on Linux wants neither");
        elsewhere.ExitCode.Should().Be(2);
        elsewhere.Stderr.Should().Contain("need --target DIR");
        compiled.ExitCode.Should().Be(2, "the asked Python 3.11 cannot compile bytecode for 3.12");
        compiled.Stderr.Should().Contain("--compile-bytecode compiles with the interpreter dfi runs");
        Directory.Exists(sandbox.Combine("compiled")).Should().BeFalse();
        unbuildable.ExitCode.Should().NotBe(0);
        unbuildable.Stderr.Should().Contain("source.txt:3: sourceonly==1.0").And.Contain("nothing is built for cp311 on manylinux2014_x86_64 (--platform)");
        Directory.Exists(sandbox.Combine("source")).Should().BeFalse();
    }

    [Fact]
    public async Task A_dry_run_into_a_missing_target_makes_nothing()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = await WriteRequirementsAsync(sandbox, "tool-a==1.0");
        var target = sandbox.Combine("package");

        var result = (await sandbox.SyncAsync(requirements, "--target", target, "--dry-run")).ShouldSucceed();

        result.Stdout.Should().Contain("+ tool-a==1.0");
        Directory.Exists(target).Should().BeFalse();
    }

    [Fact]
    public async Task A_target_that_is_a_file_is_refused_by_name()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = await WriteRequirementsAsync(sandbox, "tool-a==1.0");
        var target = sandbox.Combine("package.zip");
        await File.WriteAllTextAsync(target, "not a folder");

        var result = await sandbox.SyncAsync(requirements, "--target", target);

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain($"--target '{target}' is a file");
        (await File.ReadAllTextAsync(target)).Should().Be("not a folder");
    }

    [Fact]
    public async Task An_editable_requirement_is_refused_with_target_naming_its_line()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var project = sandbox.Combine("project");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "pyproject.toml"), "[project]\nname = 'project'\nversion = '1.0'\n");
        var requirements = sandbox.WriteRequirements("requirements.txt", $"-e {project}");

        var result = await sandbox.SyncAsync(requirements, "--target", sandbox.Combine("package"));

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain($"{requirements}:1").And.Contain("editable install cannot go into --target");
        Directory.Exists(sandbox.Combine("package")).Should().BeFalse();
    }

    private static async Task<string> WriteRequirementsAsync(SyncSandbox sandbox, params string[] pins)
    {
        var toolA = new WheelBuilder("tool-a", "1.0").Add("tool_a/__init__.py", "def main():\n    print('tool a')\n");
        toolA.Add($"{toolA.DataName}/data/share/tool-a/readme.txt", "read me\n")
            .Add($"{toolA.DataName}/scripts/tool-a-shell", "#!/bin/sh\necho shell\n", executable: true)
            .Add($"{toolA.DataName}/headers/tool_a.h", "#define TOOL_A 1\n");
        toolA.EntryPoints = "[console_scripts]\ntool-a = tool_a:main\n";
        var toolB = new WheelBuilder("tool-b", "2.0").Add("tool_b/__init__.py", "NAME = 'b'\n").Add("tool_b.pth", "\n");
        var folder = await sandbox.WriteWheelsAsync(toolA, toolB);
        return sandbox.WriteRequirements("requirements.txt", ["--no-index", $"--find-links {folder}", .. pins]);
    }

    // Every file below the folder with its bytes' hash; INSTALLER (which names the installer), RECORD (compared by row)
    // and dfi's lock aside.
    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) is not ("INSTALLER" or "RECORD" or ".dfi.lock"))
            .Select(path => $"{Path.GetRelativePath(root, path)}: {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))}")];

    private static IEnumerable<string> Rows(string root, string distInfo) =>
        File.ReadAllLines(Path.Combine(root, distInfo, "RECORD")).Where(row => !row.Contains("/INSTALLER,", StringComparison.Ordinal));
}
