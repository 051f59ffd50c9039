using System.Text;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

/// <summary>Issue 7, link modes, on a filesystem with reflinks (<see cref="ReflinkVolume"/>): real copy-on-write clones.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CloneOnReflinkTests(ReflinkVolume volume, TestWheelsFixture wheels) : IClassFixture<ReflinkVolume>, IClassFixture<TestWheelsFixture>
{
    // Large enough to live in its own extent rather than inline in btrfs's metadata, so that filefrag can see it shared.
    private static readonly byte[] Blob = Enumerable.Range(0, 256 * 1024).Select(i => (byte)(i * 7)).ToArray();

    private static WheelBuilder Package(string name) => new WheelBuilder(name, "1.0")
        .Add($"{name}/__init__.py", $"def f():\n    return '{name} ok'\n")
        .Add($"{name}/blob.bin", Blob)
        .Add($"{name}/tool.so", "\u007fELF not really", executable: true);

    private static readonly string[] PackageFiles = ["__init__.py", "blob.bin", "tool.so"];

    private static string Installed(string prefix, string name, string file) =>
        Path.Combine(LinkTargets.SchemeIn(prefix, name).Purelib, name, file);

    [ReflinkFact]
    public async Task Clone_mode_gives_every_file_its_own_inode_sharing_the_caches_blocks()
    {
        (await LinkTargets.CpCanReflinkAsync(volume.Root, volume.Root)).Should().BeTrue("the volume has reflinks");
        var folder = Package("clone_real").Unzip(volume.NewFolder("cache"));
        var prefix = volume.NewFolder("env");
        var warnings = new List<string>();
        var installer = new WheelInstaller(warnings.Add);

        await installer.InstallAsync(LinkTargets.Request(folder, prefix, "clone_real", LinkMode.Clone), CancellationToken.None);

        warnings.Should().BeEmpty();
        installer.LinkProbe.Probes.Should().Be(1);
        // The probe, then one clone per file taken from the wheel: its three, METADATA and WHEEL (RECORD is written anew).
        installer.LinkProbe.CloneAttempts.Should().Be(1 + PackageFiles.Length + 2);
        foreach (var file in PackageFiles)
        {
            var installed = Installed(prefix, "clone_real", file);
            var cached = Path.Combine(folder, "clone_real", file);
            File.ReadAllBytes(installed).Should().Equal(File.ReadAllBytes(cached));
            var (inode, links) = await LinkTargets.StatAsync(installed);
            inode.Should().NotBe((await LinkTargets.StatAsync(cached)).Inode);
            links.Should().Be(1);
        }
        File.GetUnixFileMode(Installed(prefix, "clone_real", "tool.so")).Should().Be(PipFileModes.Executable);
        File.GetUnixFileMode(Installed(prefix, "clone_real", "blob.bin")).Should().Be(PipFileModes.Plain);
        (await ProcessRunner.RunCheckedAsync("filefrag", "-v", Installed(prefix, "clone_real", "blob.bin")))
            .Should().Contain("shared", "a clone shares the cache file's extents rather than copying them");
    }

    [ReflinkFact]
    public async Task Writing_in_place_into_an_auto_mode_install_leaves_the_cache_intact()
    {
        var folder = Package("clone_write").Unzip(volume.NewFolder("cache"));
        var prefix = volume.NewFolder("env");
        var installer = new WheelInstaller();
        await installer.InstallAsync(LinkTargets.Request(folder, prefix, "clone_write", LinkMode.Auto), CancellationToken.None);

        // What an editor saving in place, or a careless tool, does to a file in site-packages.
        await using (var stream = new FileStream(Installed(prefix, "clone_write", "__init__.py"), FileMode.Open, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes("# edited"));
        }

        installer.LinkProbe.CloneAttempts.Should().BeGreaterThan(1, "Auto clones here");
        File.ReadAllText(Path.Combine(folder, "clone_write", "__init__.py")).Should().Be("def f():\n    return 'clone_write ok'\n",
            "a hard link would have written through into the cache; a clone copies the block on write");
    }

    [ReflinkFact]
    public async Task Reinstalling_in_clone_mode_replaces_every_file_and_leaves_no_temp_files()
    {
        var folder = Package("clone_again").Unzip(volume.NewFolder("cache"));
        var prefix = volume.NewFolder("env");
        var request = LinkTargets.Request(folder, prefix, "clone_again", LinkMode.Clone);
        var installer = new WheelInstaller();
        await installer.InstallAsync(request, CancellationToken.None);
        var before = await LinkTargets.StatAsync(Installed(prefix, "clone_again", "blob.bin"));

        await installer.InstallAsync(request, CancellationToken.None);

        var after = await LinkTargets.StatAsync(Installed(prefix, "clone_again", "blob.bin"));
        after.Inode.Should().NotBe(before.Inode, "an existing file is replaced by a fresh clone, never written through");
        installer.LinkProbe.Probes.Should().Be(1);
        LinkTargets.Files(prefix).Should().NotContain(path => path.EndsWith(".dfi-tmp", StringComparison.Ordinal));
        File.ReadAllBytes(Installed(prefix, "clone_again", "blob.bin")).Should().Equal(Blob);
    }

    [ReflinkFact]
    public async Task A_sync_with_the_cache_and_the_environment_on_a_reflink_filesystem_clones_by_default()
    {
        var root = volume.NewFolder("sync");
        var (venv, cache) = (Path.Combine(root, "venv"), Path.Combine(root, "cache"));
        (await DfiProcess.RunAsync("venv", venv, "--python", TestPython.Executable, "--cache-dir", cache)).ShouldSucceed();
        await using var server = wheels.StartServer();
        var requirements = Path.Combine(root, "requirements.txt");
        await File.WriteAllTextAsync(requirements, "alpha==2.0\nbeta==1.0\n");

        var sync = (await DfiProcess.RunAsync("sync", requirements, "-i", server.IndexUrl.AbsoluteUri, "--python", venv, "--cache-dir", cache))
            .ShouldSucceed();

        sync.Stderr.Should().NotContain("Cannot clone").And.NotContain("Failed to hard link");
        var cached = Path.Combine(cache, "wheels-v1", wheels.Sha256Of("alpha-2.0-py3-none-any.whl"), "tree", "alpha", "__init__.py");
        var installed = Path.Combine(venv, "lib", "python3.11", "site-packages", "alpha", "__init__.py");
        File.ReadAllBytes(installed).Should().Equal(File.ReadAllBytes(cached));
        var (inode, links) = await LinkTargets.StatAsync(installed);
        inode.Should().NotBe((await LinkTargets.StatAsync(cached)).Inode, "a clone, not a hard link");
        links.Should().Be(1);
        (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-c", "import alpha; print(alpha.greet())"]))
            .ShouldSucceed().Stdout.Should().Be("alpha 2.0 greets world\n");
        (await Pip.RunAsync(Path.Combine(venv, "bin", "python"), ["check"])).ShouldSucceed();
    }
}
