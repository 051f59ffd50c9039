using Dataflow.Installer.Cache;

namespace Dataflow.Installer.Tests.Cache;

public sealed class RunOwnerTests : IDisposable
{
    private readonly PopulatedCache _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void The_first_temp_folder_takes_an_owner_lock_whose_token_names_every_folder_of_this_process()
    {
        var first = _cache.Root.CreateTempDirectory("unzip");
        var second = _cache.Root.CreateTempDirectory("built");

        var token = RunOwner.CurrentToken(_cache.Root);
        token.Should().NotBeNull();
        RunOwner.TokenIn(Path.GetFileName(first)).Should().Be(token);
        RunOwner.TokenIn(Path.GetFileName(second)).Should().Be(token);
        File.Exists(RunOwner.FilePath(_cache.Root, token!)).Should().BeTrue();
        RunOwner.Probe(_cache.Root, token!).Should().Be(RunOwnerState.Alive, "this process holds the lock for as long as it lives");
    }

    [Fact]
    public void Temp_folder_names_keep_the_process_id_second_to_last_where_older_versions_read_it()
    {
        var folder = Path.GetFileName(_cache.Root.CreateTempDirectory("resolve-test"));

        var parts = folder.Split('-');
        parts[^2].Should().Be(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        folder.Should().StartWith("resolve-test-").And.Contain($"-{Environment.ProcessId}-");
    }

    [Fact]
    public void Old_style_folder_names_carry_no_owner_token()
    {
        RunOwner.TokenIn("unzip-999999-aaaa").Should().BeNull();
        RunOwner.TokenIn($"unzip-{Environment.ProcessId}-{Guid.NewGuid():N}").Should().BeNull();
        RunOwner.TokenIn($"trash-{Guid.NewGuid():N}-x-{Guid.NewGuid():N}").Should().BeNull();
    }

    [Fact]
    public void An_owner_file_nobody_holds_is_dead_and_a_missing_one_unknown()
    {
        var token = $"{Guid.NewGuid():N}-999999";
        RunOwner.Probe(_cache.Root, token).Should().Be(RunOwnerState.Unknown);

        Directory.CreateDirectory(RunOwner.Folder(_cache.Root));
        File.WriteAllText(RunOwner.FilePath(_cache.Root, token), "");

        RunOwner.Probe(_cache.Root, token).Should().Be(RunOwnerState.Dead);
        File.Exists(RunOwner.FilePath(_cache.Root, token)).Should().BeTrue("probing neither creates nor removes the file");
    }

    [Fact]
    public void A_cache_where_the_owner_file_cannot_be_made_still_gets_its_temp_folders()
    {
        // A file where the lock folder should be: making the owner file fails as on a read-only or full disk.
        using var other = new PopulatedCache();
        File.WriteAllText(Path.Combine(other.Root.Path, EntryLock.Bucket), "in the way");

        var folder = other.Root.CreateTempDirectory("unzip");

        Directory.Exists(folder).Should().BeTrue();
        RunOwner.Probe(other.Root, RunOwner.TokenIn(Path.GetFileName(folder))!).Should().Be(RunOwnerState.Unknown, "the folder falls to the old rules");
    }

    [Fact]
    public void A_temp_bucket_that_cannot_be_written_fails_as_it_did_before_owner_locks()
    {
        using var other = new PopulatedCache();
        Directory.Delete(other.Root.Bucket(CacheRoot.TempBucket));
        File.WriteAllText(other.Root.Bucket(CacheRoot.TempBucket), "in the way");

        var create = () => other.Root.CreateTempDirectory("unzip");

        create.Should().Throw<IOException>().WithMessage($"*{other.Root.Bucket(CacheRoot.TempBucket)}*");
    }
}
