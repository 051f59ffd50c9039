using Dataflow.Installer.Cache;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Cache;

public sealed class EntryManifestTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Entry => _folder.Combine("entry");

    private string Tree => Path.Combine(Entry, CacheEntry.TreeFolderName);

    private string Member(string member) => Path.Combine(Tree, member);

    /// <summary>A tree with the given files (member → content) and its manifest written beside it.</summary>
    private EntryManifest Publish(params (string Member, string Content)[] files)
    {
        foreach (var (member, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Member(member))!);
            File.WriteAllText(Member(member), content);
        }
        var manifest = EntryManifest.Capture(Tree, files.Select(file => file.Member));
        manifest.WriteTo(Entry);
        return manifest;
    }

    [Fact]
    public void A_written_manifest_reads_back_with_every_member_and_stamp()
    {
        var written = Publish(("demo/__init__.py", "x = 1\n"), ("demo-1.0.dist-info/RECORD", "rows\n"), ("demo/caf\u00e9 space.py", ""));

        var read = EntryManifest.TryRead(Entry);

        read.Should().NotBeNull();
        read!.Files.Should().Equal(written.Files);
        read.Files.Select(file => file.Key).Should().Equal("demo/__init__.py", "demo-1.0.dist-info/RECORD", "demo/caf\u00e9 space.py");
        read.Files[0].Value.Length.Should().Be(6);
        read.FirstMismatch(Tree).Should().BeNull("nothing changed since it was stamped");
    }

    [Fact]
    public void A_manifest_larger_than_the_pooled_buffer_reads_back_whole()
    {
        // ~1.6 MB: past the megabyte read into a pooled buffer.
        var files = Enumerable.Range(0, 16_000)
            .Select(i => KeyValuePair.Create($"pkg/{new string('m', 70)}_{i:D5}.py", new FileStamp(i, 638_000_000_000_000_000 + i)))
            .ToList();
        new EntryManifest(files).WriteTo(Directory.CreateDirectory(Entry).FullName);

        EntryManifest.TryRead(Entry)!.Files.Should().Equal(files);
    }

    [Fact]
    public void A_missing_or_damaged_manifest_is_not_trusted()
    {
        Publish(("demo/__init__.py", "x = 1\n"));
        var path = Path.Combine(Entry, CacheEntry.ManifestFileName);
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..^3]);
        EntryManifest.TryRead(Entry).Should().BeNull("a truncated manifest");
        File.WriteAllBytes(path, [.. bytes, 0]);
        EntryManifest.TryRead(Entry).Should().BeNull("trailing bytes");
        File.WriteAllText(path, "demo/__init__.py 6\n");
        EntryManifest.TryRead(Entry).Should().BeNull("not a manifest at all");
        File.Delete(path);
        EntryManifest.TryRead(Entry).Should().BeNull("no manifest");
    }

    [Fact]
    public void A_file_appended_to_through_its_own_inode_no_longer_matches()
    {
        var manifest = Publish(("demo/__init__.py", "x = 1\n"), ("demo/other.py", ""));

        // What a hard-linked copy edited in place in an environment does to the cache's inode.
        File.AppendAllText(Member("demo/__init__.py"), "print('edited')\n");

        manifest.FirstMismatch(Tree).Should().Be("'demo/__init__.py': it is 22 bytes, 6 when it was unzipped");
    }

    [Fact]
    public void A_truncated_file_no_longer_matches()
    {
        var manifest = Publish(("demo/__init__.py", "x = 1\n"));

        using (new FileStream(Member("demo/__init__.py"), FileMode.Truncate))
        {
        }

        manifest.FirstMismatch(Tree).Should().StartWith("'demo/__init__.py': it is 0 bytes");
    }

    [Fact]
    public void A_deleted_file_no_longer_matches()
    {
        var manifest = Publish(("demo/__init__.py", "x = 1\n"), ("demo/gone.py", "y = 2\n"));

        File.Delete(Member("demo/gone.py"));

        manifest.FirstMismatch(Tree).Should().Be("'demo/gone.py': it is missing");
    }

    [Fact]
    public void A_file_replaced_by_a_symbolic_link_no_longer_matches()
    {
        var manifest = Publish(("demo/__init__.py", "x = 1\n"));
        File.WriteAllText(_folder.Combine("elsewhere.py"), "x = 1\n");

        File.Delete(Member("demo/__init__.py"));
        File.CreateSymbolicLink(Member("demo/__init__.py"), _folder.Combine("elsewhere.py"));

        manifest.FirstMismatch(Tree).Should().Be("'demo/__init__.py': it is no longer a regular file (a link or a folder in its place)");
    }

    [Fact]
    public void An_edit_that_keeps_the_size_is_told_by_its_mtime()
    {
        var manifest = Publish(("demo/__init__.py", "x = 1\n"));
        var stamped = File.GetLastWriteTimeUtc(Member("demo/__init__.py"));

        File.WriteAllText(Member("demo/__init__.py"), "x = 2\n");
        // Set explicitly: two writes within one tick of the kernel's coarse clock can share an mtime.
        File.SetLastWriteTimeUtc(Member("demo/__init__.py"), stamped.AddSeconds(1));

        manifest.FirstMismatch(Tree).Should().StartWith("'demo/__init__.py': it was modified at ");
    }

    [Fact]
    public void An_edit_that_keeps_the_size_and_puts_the_mtime_back_is_not_detected()
    {
        // The documented limit (RELIABILITY.md): only size and mtime are compared, never the bytes.
        var manifest = Publish(("demo/__init__.py", "x = 1\n"));
        var stamped = File.GetLastWriteTimeUtc(Member("demo/__init__.py"));

        File.WriteAllText(Member("demo/__init__.py"), "x = 2\n");
        File.SetLastWriteTimeUtc(Member("demo/__init__.py"), stamped);

        manifest.FirstMismatch(Tree).Should().BeNull();
    }

    [Fact]
    public void A_large_tree_is_checked_in_parallel_and_still_reports_the_first_bad_file_in_order()
    {
        var files = Enumerable.Range(0, 2000).Select(i => ($"pkg/m{i:D4}.py", $"v = {i}\n")).ToArray();
        var manifest = Publish(files);

        File.Delete(Member("pkg/m1999.py"));
        File.AppendAllText(Member("pkg/m0700.py"), "w = 0\n");
        File.Delete(Member("pkg/m1200.py"));

        manifest.FirstMismatch(Tree).Should().StartWith("'pkg/m0700.py': it is ");
    }

    [Fact]
    public void The_native_stamp_is_what_FileInfo_reports()
    {
        // statx's buffer is read at fixed offsets; FileInfo is the independent word on size and mtime.
        Publish(("demo/__init__.py", new string('x', 70_000)));
        var path = Member("demo/__init__.py");
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 2, 29, 12, 34, 56, 789, DateTimeKind.Utc).AddTicks(1234));

        FileStamp.Of(path).Should().Be(new FileStamp(70_000, new FileInfo(path).LastWriteTimeUtc.Ticks));
        FileStamp.Of(Tree).Should().BeNull("a folder is not a file");
        FileStamp.Of(Member("demo/absent.py")).Should().BeNull();
    }

    [Fact]
    public void A_member_is_probed_inside_its_tree_as_at_its_joined_path()
    {
        Publish(("démo/__init__.py", "x = 1\n"));
        var stamp = FileStamp.Of(Member("démo/__init__.py"))!.Value;

        FileStampNative.Probe(Tree, "démo/__init__.py").Should().Be((FileStampKind.Regular, stamp, 0));
        FileStampNative.Probe(Tree + "/", "démo/__init__.py").Should().Be((FileStampKind.Regular, stamp, 0));
        FileStampNative.Probe(Tree, "démo/absent.py").Kind.Should().Be(FileStampKind.Missing);
        FileStampNative.Probe(Tree, "démo").Kind.Should().Be(FileStampKind.NotRegular);
        stamp.Problem(Tree, "démo/__init__.py").Should().BeNull();
    }

    [Fact]
    public void One_member_is_checked_at_the_path_it_is_linked_from()
    {
        var manifest = Publish(("demo/__init__.py", "x = 1\n"));

        manifest.Mismatch("demo/__init__.py", Tree, "demo/__init__.py").Should().BeNull();
        manifest.Mismatch("demo/unknown.py", Tree, "demo/__init__.py").Should().Be("'demo/unknown.py' is not in the entry's manifest");
        File.AppendAllText(Member("demo/__init__.py"), "#");
        manifest.Mismatch("demo/__init__.py", Tree, "demo/__init__.py").Should().StartWith("'demo/__init__.py': it is 7 bytes");
    }
}
