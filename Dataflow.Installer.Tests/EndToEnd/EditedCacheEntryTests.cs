using System.IO.Compression;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// Issue 6, cache integrity: a cache entry whose files no longer match (a hard-linked file edited in place in an
/// environment, a file deleted or truncated in the cache) is found out before it is linked, and made again.
/// </summary>
public sealed class EditedCacheEntryTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private const string Alpha = "alpha-2.0-py3-none-any.whl";
    private const string Member = "alpha/__init__.py";

    private string Original()
    {
        using var zip = ZipFile.OpenRead(wheels.PathOf(Alpha));
        using var reader = new StreamReader(zip.GetEntry(Member)!.Open());
        return reader.ReadToEnd();
    }

    private static string SitePackagesOf(string venv) => Path.Combine(venv, "lib", "python3.11", "site-packages");

    private string CachedFile(SyncSandbox sandbox) => Path.Combine(sandbox.WheelsBucket, wheels.Sha256Of(Alpha), "tree", Member);

    [Fact]
    public async Task A_file_edited_in_place_through_a_hard_link_reaches_no_later_environment()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");
        await sandbox.SyncCheckedAsync(requirements, server, "--link-mode", "hardlink");
        var edited = Path.Combine(sandbox.SitePackages, Member);
        var before = await TreeSnapshot.TakeAsync(sandbox.WheelsBucket);
        var beta = before.Entries.Where(entry => entry.Path.StartsWith(wheels.Sha256Of("beta-1.0-py3-none-any.whl") + "/tree/", StringComparison.Ordinal)).ToList();
        // What `open(path, 'a')` or an editor that saves in place does: the same inode, so the cache's file too.
        File.AppendAllText(edited, "raise SystemExit('edited in environment A')\n");
        File.ReadAllText(CachedFile(sandbox)).Should().EndWith("edited in environment A')\n", "the hazard is real: A's file is the cache's inode");
        var second = sandbox.Combine("venv-b");
        await sandbox.CreateVenvAsync(second);
        var filesBefore = server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal));

        var sync = (await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri, "--link-mode", "hardlink"], environment: null, venv: second)).ShouldSucceed();

        File.ReadAllText(Path.Combine(SitePackagesOf(second), Member)).Should().Be(Original(), "B gets the wheel's bytes");
        sync.Stderr.Should().Contain(Alpha).And.Contain($"wheels-v1/{wheels.Sha256Of(Alpha)}").And.Contain($"'{Member}'");
        File.ReadAllText(edited).Should().EndWith("edited in environment A')\n", "A's own edit is A's business");
        var after = await TreeSnapshot.TakeAsync(sandbox.WheelsBucket);
        var remade = after[$"{wheels.Sha256Of(Alpha)}/tree/{Member}"];
        remade.Inode.Should().NotBe(before[$"{wheels.Sha256Of(Alpha)}/tree/{Member}"].Inode, "the entry was made again from the wheel");
        (await TreeSnapshot.TakeAsync(SitePackagesOf(second)))[Member].Inode.Should().Be(remade.Inode);
        beta.Should().AllSatisfy(entry => after[entry.Path].Inode.Should().Be(entry.Inode, "an untouched entry is linked as it is"));
        server.RequestedPaths.Count(path => path.StartsWith("/files/", StringComparison.Ordinal)).Should().Be(filesBefore + 1, "only alpha's wheel is fetched again");
        (await Pip.RunAsync(Path.Combine(second, "bin", "python"), ["check"])).ShouldSucceed();
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Theory]
    [InlineData("deleted", "it is missing")]
    [InlineData("truncated", "it is 0 bytes")]
    public async Task A_file_deleted_or_truncated_in_the_cache_is_found_and_the_entry_made_again(string damage, string reported)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0");
        await sandbox.SyncCheckedAsync(requirements, server);
        if (damage == "deleted")
        {
            File.Delete(CachedFile(sandbox));
        }
        else
        {
            using (new FileStream(CachedFile(sandbox), FileMode.Truncate))
            {
            }
        }
        var second = sandbox.Combine("venv-b");
        await sandbox.CreateVenvAsync(second);

        var sync = (await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri], environment: null, venv: second)).ShouldSucceed();

        sync.Stderr.Should().Contain(Alpha).And.Contain($"'{Member}': {reported}");
        File.ReadAllText(Path.Combine(SitePackagesOf(second), Member)).Should().Be(Original());
        File.ReadAllText(CachedFile(sandbox)).Should().Be(Original());
        sandbox.WheelEntries().Should().ContainSingle();
        sandbox.CacheTmpShouldBeEmpty();
    }

    [Fact]
    public async Task An_untouched_entry_is_linked_without_being_unzipped_again_or_warned_about()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");
        await sandbox.SyncCheckedAsync(requirements, server, "--link-mode", "hardlink");
        var before = await sandbox.SnapshotWheelsAsync();
        var second = sandbox.Combine("venv-b");
        await sandbox.CreateVenvAsync(second);

        var sync = (await sandbox.SyncAsync([requirements, "-i", server.IndexUrl.AbsoluteUri, "--link-mode", "hardlink"], environment: null, venv: second)).ShouldSucceed();

        sync.Stderr.Should().NotContain("no longer matches");
        (await sandbox.SnapshotWheelsAsync()).ShouldBeUnchangedSince(before, ignoreLinkCounts: true, because: "a sound entry is not made again");
        (await TreeSnapshot.TakeAsync(SitePackagesOf(second)))[Member].Inode.Should().Be(before[$"{wheels.Sha256Of(Alpha)}/tree/{Member}"].Inode);
    }
}
