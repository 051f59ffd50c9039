using System.Security.Cryptography;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Tests.Install;

/// <summary>The installer's own check: a cache file that changes between the entry's check and its link refuses the install.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChangedCacheEntryInstallTests : IDisposable
{
    private const string WheelName = "demo-1.0-py3-none-any.whl";

    private readonly TemporaryDirectory _folder = new();
    private readonly JournalEnvironment _environment = new();

    public void Dispose()
    {
        _environment.Dispose();
        _folder.Dispose();
    }

    /// <summary>A real cache entry, made by the unzip stage, with the manifest it was checked against.</summary>
    private CacheEntry Entry()
    {
        var bytes = new WheelBuilder("demo", "1.0")
            .Add("demo/__init__.py", "x = 1\n")
            .Add("demo/util.py", "y = 2\n")
            .Build();
        var path = _folder.Combine(WheelName);
        File.WriteAllBytes(path, bytes);
        var cache = new CacheRoot(_folder.Combine("cache"));
        cache.EnsureCreated();
        var archive = new DownloadedArchive(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, IsScratch: false);
        return new WheelUnzipper(cache).Unzip(archive, WheelName, "demo-1.0", CancellationToken.None);
    }

    private WheelInstallRequest Request(CacheEntry entry, string prefix) =>
        new(entry.Tree, LinkTargets.SchemeIn(prefix, "demo"), "/usr/bin/python3", LinkMode.Hardlink, WheelName: WheelName, TreeIsVerified: true)
        {
            ExpectedFiles = entry.Manifest,
        };

    [Fact]
    public async Task A_sound_entry_hard_linked_into_two_environments_passes_the_check_both_times()
    {
        var entry = Entry();

        await new WheelInstaller().InstallAsync(Request(entry, _folder.Combine("one")), CancellationToken.None);
        var second = () => new WheelInstaller().InstallAsync(Request(entry, _folder.Combine("two")), CancellationToken.None);

        // A hard link changes the inode's ctime and link count, never its mtime or size.
        await second.Should().NotThrowAsync();
        (await LinkTargets.StatAsync(Path.Combine(_folder.Combine("two"), "lib", "python3.11", "site-packages", "demo", "util.py"))).Links.Should().Be(3);
    }

    [Fact]
    public async Task A_file_changed_after_the_check_refuses_the_install_and_the_transaction_puts_the_environment_back()
    {
        var entry = Entry();
        // Edited after the entry was checked (its manifest in hand), before the installer reaches it.
        File.AppendAllText(Path.Combine(entry.Tree, "demo", "util.py"), "edited = True\n");

        using (var transaction = await EnvironmentTransaction.BeginAsync(_environment.Prefix, _ => { }, CancellationToken.None))
        {
            var install = () => new WheelInstaller().InstallAsync(Request(entry, _environment.Prefix), transaction.Journal, CancellationToken.None);

            (await install.Should().ThrowAsync<InstallationException>()).Which.Message.Should()
                .Contain(WheelName).And.Contain("changed after it was checked").And.Contain("'demo/util.py': it is 20 bytes, 6 when it was unzipped");
            transaction.Rollback();
        }

        // demo/__init__.py comes first in RECORD and was linked before the refusal; the rollback removed it.
        LinkTargets.Files(_environment.Purelib).Should().BeEmpty();
        LinkTargets.Files(_environment.Scripts).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_manifest_the_installer_links_what_it_finds()
    {
        var entry = Entry();
        File.AppendAllText(Path.Combine(entry.Tree, "demo", "util.py"), "edited = True\n");

        var install = () => new WheelInstaller().InstallAsync(Request(entry, _environment.Prefix) with { ExpectedFiles = null }, CancellationToken.None);

        await install.Should().NotThrowAsync("a folder that is not a cache entry has nothing to be checked against");
    }

    [Fact]
    public async Task One_installer_reads_a_verified_entry_once_per_run()
    {
        var entry = Entry();
        var installer = new WheelInstaller();
        await installer.InstallAsync(Request(entry, _folder.Combine("one")), CancellationToken.None);
        // A verified tree's RECORD is read once per run (the installer writes each environment's own RECORD, so the
        // cache's copy is never linked): the second environment does not read it again.
        var record = Path.Combine(entry.Tree, "demo-1.0.dist-info", "RECORD");
        File.WriteAllText(record, "not a RECORD\n");

        await installer.InstallAsync(Request(entry, _folder.Combine("two")), CancellationToken.None);

        File.ReadAllText(Path.Combine(_folder.Combine("two"), "lib", "python3.11", "site-packages", "demo-1.0.dist-info", "RECORD"))
            .Should().Contain("demo/util.py,sha256=");
    }

    [Fact]
    public async Task In_one_run_a_copied_file_is_checked_for_every_environment()
    {
        var entry = Entry();
        var installer = new WheelInstaller();
        await installer.InstallAsync(Request(entry, _folder.Combine("one")) with { LinkMode = LinkMode.Copy }, CancellationToken.None);

        // A copy reads the cache file's bytes anew, so a change after the first environment's check would reach the
        // next environment only: it is checked again.
        File.AppendAllText(Path.Combine(entry.Tree, "demo", "util.py"), "edited = True\n");
        var second = () => installer.InstallAsync(Request(entry, _folder.Combine("two")) with { LinkMode = LinkMode.Copy }, CancellationToken.None);

        (await second.Should().ThrowAsync<InstallationException>()).Which.Message.Should().Contain("'demo/util.py': it is 20 bytes, 6 when it was unzipped");
    }

    [Fact]
    public async Task In_one_run_a_hard_linked_file_is_checked_at_its_first_link_and_the_next_run_checks_it_again()
    {
        var entry = Entry();
        var installer = new WheelInstaller();
        await installer.InstallAsync(Request(entry, _folder.Combine("one")), CancellationToken.None);
        var first = Path.Combine(_folder.Combine("one"), "lib", "python3.11", "site-packages", "demo", "util.py");

        // Written through the first environment's hard link: the cache's inode, shared by every link of the run.
        File.AppendAllText(first, "edited = True\n");
        await installer.InstallAsync(Request(entry, _folder.Combine("two")), CancellationToken.None);

        // The second link is the very inode the first environment already holds: no later check could keep the
        // change out of the first, so the run links it and stays consistent...
        var second = Path.Combine(_folder.Combine("two"), "lib", "python3.11", "site-packages", "demo", "util.py");
        File.ReadAllText(second).Should().Be(File.ReadAllText(first));
        // ...and the next run, whose installer has checked nothing yet, refuses the changed entry at its first link.
        var nextRun = () => new WheelInstaller().InstallAsync(Request(entry, _folder.Combine("three")), CancellationToken.None);
        (await nextRun.Should().ThrowAsync<InstallationException>()).Which.Message.Should().Contain("'demo/util.py': it is 20 bytes, 6 when it was unzipped");
    }
}
