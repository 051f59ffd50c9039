using Dataflow.Installer.Tests.Install;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// <c>dfi sync --prefix DIR</c>: a folder filled as pip's <c>--prefix</c> fills it (a Docker build stage's
/// <c>/install</c>), with the interpreter's own scheme for a prefix, and kept in line as an environment is.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrefixFolderTests
{
    [Fact]
    public async Task A_prefix_folder_gets_the_files_bytes_and_record_rows_pip_prefix_gives_it()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = await WriteRequirementsAsync(sandbox, "pre-a==1.0", "pre-b==2.0");
        var byPip = sandbox.Combine("by-pip");
        var byDfi = sandbox.Combine("by-dfi");
        var venvBefore = await sandbox.SnapshotVenvAsync();

        // Both run by the venv's interpreter: the same scheme, the same #! lines.
        (await sandbox.PipAsync("install", "-q", "--no-deps", "--no-compile", "--prefix", byPip, "-r", requirements)).ShouldSucceed();
        var result = (await sandbox.SyncAsync(requirements, "--prefix", byDfi)).ShouldSucceed();

        result.Stdout.Should().Contain("+ pre-a==1.0").And.Contain("+ pre-b==2.0");
        Files(byDfi).Should().BeEquivalentTo(Files(byPip));
        File.Exists(Path.Combine(byDfi, "lib", "python3.11", "site-packages", "pre_a", "__init__.py")).Should().BeTrue();
        (await sandbox.SnapshotVenvAsync()).ShouldBeUnchangedSince(venvBefore, because: "--prefix installs into the folder, not the interpreter's environment");
        var withPrefix = new Dictionary<string, string?> { ["PYTHONPATH"] = Path.Combine(byDfi, "lib", "python3.11", "site-packages") };
        (await ChildProcess.RunAsync(Path.Combine(byDfi, "bin", "pre-a"), [], withPrefix)).ShouldSucceed().Stdout.Should().Be("pre a\n");
    }

    [Fact]
    public async Task A_prefix_is_kept_in_line_with_the_requirements_and_a_repeat_is_a_no_op()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var prefix = sandbox.Combine("install");
        (await sandbox.SyncAsync(await WriteRequirementsAsync(sandbox, "pre-a==1.0", "pre-b==2.0"), "--prefix", prefix)).ShouldSucceed();
        var onlyB = sandbox.WriteRequirements("only-b.txt", "--no-index", $"--find-links {sandbox.Combine("wheels")}", "pre-b==2.0");

        var result = (await sandbox.SyncAsync(onlyB, "--prefix", prefix)).ShouldSucceed();
        var repeat = (await sandbox.SyncAsync(onlyB, "--prefix", prefix)).ShouldSucceed();

        result.Stdout.Should().Contain("- pre-a==1.0");
        File.Exists(Path.Combine(prefix, "bin", "pre-a")).Should().BeFalse();
        Directory.Exists(Path.Combine(prefix, "share", "pre-a")).Should().BeFalse();
        Directory.Exists(Path.Combine(prefix, "lib", "python3.11", "site-packages", "pre_a")).Should().BeFalse();
        repeat.Stdout.Should().Contain("Audited 1 package").And.Contain("nothing to do");
    }

    [Fact]
    public async Task Target_and_prefix_together_are_a_usage_error()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var requirements = await WriteRequirementsAsync(sandbox, "pre-a==1.0");

        var result = await sandbox.SyncAsync(requirements, "--prefix", sandbox.Combine("install"), "--target", sandbox.Combine("package"));

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("--target and --prefix");
        Directory.Exists(sandbox.Combine("install")).Should().BeFalse();
    }

    private static async Task<string> WriteRequirementsAsync(SyncSandbox sandbox, params string[] pins)
    {
        var preA = new WheelBuilder("pre-a", "1.0").Add("pre_a/__init__.py", "def main():\n    print('pre a')\n");
        preA.Add($"{preA.DataName}/data/share/pre-a/readme.txt", "read me\n")
            .Add($"{preA.DataName}/headers/pre_a.h", "#define PRE_A 1\n");
        preA.EntryPoints = "[console_scripts]\npre-a = pre_a:main\n";
        var preB = new WheelBuilder("pre-b", "2.0").Add("pre_b.py", "NAME = 'b'\n");
        var folder = await sandbox.WriteWheelsAsync(preA, preB);
        return sandbox.WriteRequirements("requirements.txt", ["--no-index", $"--find-links {folder}", .. pins]);
    }

    // Every file below the folder with its bytes' hash (RECORD's too, less its INSTALLER row); INSTALLER and dfi's lock aside.
    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) is not ("INSTALLER" or ".dfi.lock"))
            .Select(path => $"{Path.GetRelativePath(root, path)}: " + (Path.GetFileName(path) == "RECORD"
                ? string.Join(" | ", File.ReadAllLines(path).Where(row => !row.Contains("/INSTALLER,", StringComparison.Ordinal)))
                : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))))];
}
