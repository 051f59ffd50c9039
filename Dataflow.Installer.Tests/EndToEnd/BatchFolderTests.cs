using Dataflow.Installer.Tests.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary><c>dfi batch</c> over <c>target</c> and <c>prefix</c> folders, next to a venv: a monorepo's Lambda packages in one run.</summary>
public sealed class BatchFolderTests
{
    [Fact]
    public async Task Target_and_prefix_environments_are_filled_as_sync_fills_them_each_target_for_its_own_platform()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = await sandbox.WriteTaggedFastWheelsAsync("wheels", "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp312-cp312-macosx_11_0_arm64", "cp311-cp311-linux_x86_64");
        var tool = new WheelBuilder("tool", "1.0") { EntryPoints = "[console_scripts]\ntool-cli = tool:main\n" }.Add("tool.py", "def main():\n    print('tool 1.0')\n");
        await File.WriteAllBytesAsync(Path.Combine(folder, $"{tool.Stem}-py3-none-any.whl"), tool.Build());
        sandbox.WriteRequirements("lambda.txt", "fast==1.0", "tool==1.0");
        sandbox.WriteRequirements("tool.txt", "tool==1.0");
        var manifest = sandbox.Combine("fleet.toml");
        await File.WriteAllTextAsync(manifest, $"""
            [[environment]]
            target = "build/linux"
            requirements = "lambda.txt"
            python-platform = "linux"
            python-version = "3.12"
            find-links = "wheels"
            no-index = true

            [[environment]]
            target = "build/mac"
            requirements = "lambda.txt"
            platform = ["macosx_11_0_arm64"]
            python-version = "3.12"
            find-links = "wheels"
            no-index = true

            [[environment]]
            prefix = "install"
            requirements = "tool.txt"
            python = "{TestPython.Executable}"
            find-links = "wheels"
            no-index = true

            [[environment]]
            path = "venv"
            requirements = "lambda.txt"
            find-links = "wheels"
            no-index = true
            """);

        var first = await DfiProcess.RunAsync("batch", manifest, "--cache-dir", sandbox.Cache);
        var second = await DfiProcess.RunAsync("batch", manifest, "--cache-dir", sandbox.Cache);

        first.ShouldSucceed().Stdout.Should().Contain("4 environments").And.Contain("4 ok");
        File.ReadAllText(sandbox.Combine("build", "linux", "fast", "__init__.py")).Should().Contain("manylinux_2_17_x86_64");
        File.ReadAllText(sandbox.Combine("build", "mac", "fast", "__init__.py")).Should().Contain("macosx_11_0_arm64");
        File.ReadAllText(Path.Combine(sandbox.SitePackages, "fast", "__init__.py")).Should().Contain("cp311-cp311-linux_x86_64", "the venv's own Python chooses its file");
        File.Exists(sandbox.Combine("build", "linux", "bin", "tool-cli")).Should().BeTrue("a target's scripts go into its bin");
        var prefixed = TestPython.Ask("import sysconfig; print(sysconfig.get_path('purelib', vars={'base': '/P', 'platbase': '/P'}))");
        File.Exists(sandbox.Combine("install", Path.GetRelativePath("/P", prefixed), "tool.py")).Should().BeTrue("the prefix takes the interpreter's own layout");
        (await ChildProcess.RunAsync(sandbox.Combine("install", "bin", "tool-cli"), [], environment: new Dictionary<string, string?>
        {
            ["PYTHONPATH"] = sandbox.Combine("install", Path.GetRelativePath("/P", prefixed)),
        })).ShouldSucceed().Stdout.Should().Be("tool 1.0\n");
        second.ShouldSucceed().Stdout.Should().Contain("4 unchanged", "each folder is already in line");
    }

    [Theory]
    [InlineData("path = \"venv\"\nplatform = \"win_amd64\"", ":3: 'platform' chooses files for another interpreter: only a 'target' environment takes it")]
    [InlineData("prefix = \"p\"\npython-platform = \"linux\"", ":3: 'python-platform' chooses files for another interpreter")]
    [InlineData("target = \"t\"\npath = \"venv\"", "has both 'path' and 'target': one folder each")]
    [InlineData("target = \"t\"\npython-platform = \"freebsd\"", ":3: --python-platform 'freebsd' is not a platform dfi knows")]
    public async Task A_manifest_that_mixes_folder_kinds_or_gives_a_venv_a_platform_is_refused_naming_the_line(string keys, string expected)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var manifest = sandbox.Combine("fleet.toml");
        await File.WriteAllTextAsync(manifest, $"[[environment]]\n{keys}\nrequirements = \"r.txt\"\n");

        var batch = await DfiProcess.RunAsync("batch", manifest, "--cache-dir", sandbox.Cache);

        batch.ExitCode.Should().Be(2);
        batch.Stderr.Should().Contain(manifest).And.Contain(expected);
        Directory.Exists(sandbox.Combine("t")).Should().BeFalse();
        Directory.Exists(sandbox.Combine("p")).Should().BeFalse();
    }

    [Fact]
    public async Task Compile_bytecode_is_refused_for_a_target_whose_python_version_is_another()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var manifest = sandbox.Combine("fleet.toml");
        await File.WriteAllTextAsync(manifest, "[[environment]]\npath = \"venv\"\nrequirements = \"r.txt\"\n\n[[environment]]\ntarget = \"t\"\nrequirements = \"r.txt\"\npython-version = \"3.12\"\n");
        sandbox.WriteRequirements("r.txt");

        var batch = await DfiProcess.RunAsync("batch", manifest, "--compile-bytecode", "--cache-dir", sandbox.Cache);

        batch.ExitCode.Should().Be(2);
        batch.Stderr.Should().Contain($"{manifest}:5: --compile-bytecode compiles with the interpreter dfi runs");
        Directory.Exists(sandbox.Combine("t")).Should().BeFalse();
    }

    [Fact]
    public async Task Warm_of_the_manifest_fills_the_cache_for_each_targets_platform_and_the_batch_then_runs_offline()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var folder = await sandbox.WriteTaggedFastWheelsAsync("served", "cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64", "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp312-cp312-win_amd64");
        var server = TestIndexServer.Start(folder);
        sandbox.WriteRequirements("lambda.txt", "fast==1.0");
        var manifest = sandbox.Combine("fleet.toml");
        await File.WriteAllTextAsync(manifest, $"""
            [[environment]]
            target = "build/graviton"
            requirements = "lambda.txt"
            python-platform = "aarch64-manylinux2014"
            python-version = "3.12"
            index-url = "{server.IndexUrl.AbsoluteUri}"
            """);

        var warm = await DfiProcess.RunAsync("warm", "--manifest", manifest, "--cache-dir", sandbox.Cache);
        await server.DisposeAsync();
        var batch = await DfiProcess.RunAsync("batch", manifest, "--offline", "--cache-dir", sandbox.Cache);

        warm.ShouldSucceed().Stdout.Should().Contain("Warmed 1 file");
        batch.ShouldSucceed();
        File.ReadAllText(sandbox.Combine("build", "graviton", "fast", "__init__.py")).Should().Contain("cp312-cp312-manylinux_2_17_aarch64");
    }

    [Fact]
    public async Task Strict_warns_for_each_environment_whose_set_misses_a_requirement()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var needy = new WheelBuilder("needy", "1.0") { Metadata = "Requires-Dist: missing>=2\nRequires-Dist: winonly ; sys_platform == 'win32'\n" }.Add("needy.py", "X = 1\n");
        var folder = await sandbox.WriteWheelsAsync(needy);
        sandbox.WriteRequirements("needy.txt", "needy==1.0");
        var manifest = sandbox.Combine("fleet.toml");
        await File.WriteAllTextAsync(manifest, $"[[environment]]\ntarget = \"package\"\nrequirements = \"needy.txt\"\nfind-links = \"{folder}\"\nno-index = true\n");

        var batch = await DfiProcess.RunAsync("batch", manifest, "--strict", "--cache-dir", sandbox.Cache);

        batch.ShouldSucceed().Stdout.Should().Contain("1 ok");
        batch.Stderr.Should().Contain("needy 1.0 requires missing, which is not installed.").And.NotContain("winonly", "its marker is false here");
    }
}
