using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

/// <summary>
/// Issue 7, link modes, on filesystems without reflinks (this machine's temp folder, ext4 or overlayfs, and /dev/shm):
/// the probe answers once per run and pair of filesystems, and every later file goes straight to the working method.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CloneFallbackTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static WheelBuilder Package(string name) => new WheelBuilder(name, "1.0")
        .Add($"{name}/__init__.py", $"def f():\n    return '{name} ok'\n")
        .Add($"{name}/data.bin", Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray())
        .Add($"{name}/tool.so", "\u007fELF not really", executable: true);

    private async Task TempFolderHasNoReflinksAsync() =>
        (await LinkTargets.CpCanReflinkAsync(_directory.Path, _directory.Path)).Should().BeFalse(
            "these tests need a temp folder without reflinks (ext4, overlayfs, tmpfs); the reflink tests cover the rest");

    private async Task<string> InstallAsync(WheelInstaller installer, string cacheRoot, string name, LinkMode mode)
    {
        var folder = Package(name).Unzip(cacheRoot);
        await installer.InstallAsync(LinkTargets.Request(folder, _directory.Combine("env"), name, mode), CancellationToken.None);
        return folder;
    }

    private string Installed(string name, string file) =>
        Path.Combine(LinkTargets.SchemeIn(_directory.Combine("env"), name).Purelib, name, file);

    [Fact]
    public async Task Auto_mode_without_reflinks_probes_once_then_hard_links_every_file()
    {
        await TempFolderHasNoReflinksAsync();
        var warnings = new List<string>();
        var installer = new WheelInstaller(warnings.Add);

        var first = await InstallAsync(installer, _directory.Combine("cache"), "auto_one", LinkMode.Auto);
        var second = await InstallAsync(installer, _directory.Combine("cache"), "auto_two", LinkMode.Auto);

        installer.LinkProbe.Probes.Should().Be(1, "both installs go from one filesystem to one filesystem");
        installer.LinkProbe.CloneAttempts.Should().Be(1, "only the probe tries FICLONE; no file tries it again");
        warnings.Should().BeEmpty("Auto falls back to hard links silently, as uv does");
        foreach (var (name, folder) in new[] { ("auto_one", first), ("auto_two", second) })
        {
            foreach (var file in new[] { "__init__.py", "data.bin", "tool.so" })
            {
                (await LinkTargets.StatAsync(Installed(name, file))).Inode.Should().Be(
                    (await LinkTargets.StatAsync(Path.Combine(folder, name, file))).Inode, "{0} is hard linked", file);
            }
        }
        LinkTargets.Files(_directory.Combine("env")).Should().NotContain(path => path.EndsWith(".dfi-tmp", StringComparison.Ordinal),
            "the probe's file is removed");
    }

    [Fact]
    public async Task Clone_mode_without_reflinks_falls_back_to_hard_links_with_one_warning()
    {
        await TempFolderHasNoReflinksAsync();
        var warnings = new List<string>();
        var installer = new WheelInstaller(warnings.Add);

        var folder = await InstallAsync(installer, _directory.Combine("cache"), "clone_one", LinkMode.Clone);
        await InstallAsync(installer, _directory.Combine("cache"), "clone_two", LinkMode.Clone);

        warnings.Should().ContainSingle().Which.Should().StartWith("Cannot clone").And.Contain("hard linking instead");
        installer.LinkProbe.CloneAttempts.Should().Be(1);
        installer.HardlinkFellBackToCopy.Should().BeFalse();
        (await LinkTargets.StatAsync(Installed("clone_one", "data.bin"))).Inode.Should().Be(
            (await LinkTargets.StatAsync(Path.Combine(folder, "clone_one", "data.bin"))).Inode);
        File.ReadAllBytes(Installed("clone_one", "data.bin")).Should().Equal(File.ReadAllBytes(Path.Combine(folder, "clone_one", "data.bin")));
    }

    [Theory]
    [InlineData(LinkMode.Auto, "Failed to hard link")]
    [InlineData(LinkMode.Clone, "Cannot clone")]
    public async Task Across_filesystems_the_probe_chooses_copies_with_one_warning(LinkMode mode, string warning)
    {
        await TempFolderHasNoReflinksAsync();
        // /dev/shm is a tmpfs: neither clones nor hard links reach the temp folder from there.
        var cache = Path.Combine("/dev/shm", "dfi-clone-" + Guid.NewGuid().ToString("N")[..8]);
        (await LinkTargets.CpCanReflinkAsync("/dev/shm", _directory.Path)).Should().BeFalse();
        try
        {
            Directory.CreateDirectory(cache);
            var warnings = new List<string>();
            var installer = new WheelInstaller(warnings.Add);

            var folder = await InstallAsync(installer, cache, "cross_one", mode);
            await InstallAsync(installer, cache, "cross_two", mode);

            warnings.Should().ContainSingle().Which.Should().StartWith(warning).And.Contain("copying");
            installer.LinkProbe.CloneAttempts.Should().Be(1);
            installer.HardlinkFellBackToCopy.Should().Be(mode == LinkMode.Auto, "Auto gives the hard-link fallback's own warning");
            foreach (var file in new[] { "__init__.py", "data.bin", "tool.so" })
            {
                var installed = Installed("cross_one", file);
                File.ReadAllBytes(installed).Should().Equal(File.ReadAllBytes(Path.Combine(folder, "cross_one", file)));
                (await LinkTargets.StatAsync(installed)).Links.Should().Be(1);
            }
            File.GetUnixFileMode(Installed("cross_one", "tool.so")).Should().Be(PipFileModes.Executable);
            File.GetUnixFileMode(Installed("cross_one", "data.bin")).Should().Be(PipFileModes.Plain);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task Concurrent_installs_share_one_probe_per_pair_of_filesystems()
    {
        await TempFolderHasNoReflinksAsync();
        var installer = new WheelInstaller();
        var names = Enumerable.Range(0, 8).Select(i => $"parallel_{i}").ToList();
        var folders = names.Select(name => Package(name).Unzip(_directory.Combine("cache"))).ToList();

        await Parallel.ForEachAsync(names.Zip(folders), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, token) =>
            await installer.InstallAsync(LinkTargets.Request(pair.Second, _directory.Combine("env"), pair.First, LinkMode.Auto), token));

        installer.LinkProbe.Probes.Should().Be(1);
        installer.LinkProbe.CloneAttempts.Should().Be(1);
        names.Should().AllSatisfy(name => File.ReadAllText(Installed(name, "__init__.py")).Should().Contain($"{name} ok"));
    }

    [Fact]
    public void A_probe_for_a_pair_it_answered_tries_nothing_again()
    {
        var cache = Directory.CreateDirectory(_directory.Combine("cache")).FullName;
        var env = Directory.CreateDirectory(_directory.Combine("env")).FullName;
        var source = Path.Combine(cache, "module.py");
        File.WriteAllText(source, "x = 1\n");
        var probe = new LinkModeProbe();

        var first = probe.Resolve(LinkMode.Auto, source, Path.Combine(env, "module.py"));
        var again = probe.Resolve(LinkMode.Auto, source, Path.Combine(Directory.CreateDirectory(Path.Combine(env, "other")).FullName, "module.py"));

        again.Should().Be(first);
        first.Should().NotBe(LinkMode.Auto).And.NotBe(LinkMode.Symlink);
        probe.Probes.Should().Be(1);
        probe.CloneAttempts.Should().Be(1);
        LinkTargets.Files(env).Should().BeEmpty("the probe's temp file is gone");
    }
}
