using System.Formats.Tar;
using System.Runtime.Versioning;
using System.Text;
using Dataflow.Installer.Build;
using Dataflow.Installer.Tests.Support;
using static Dataflow.Installer.Tests.Build.TestSourceArchive;

namespace Dataflow.Installer.Tests.Build;

// Modes and symbolic links are checked the Unix way; dfi builds source distributions on Linux and macOS.
[UnsupportedOSPlatform("windows")]
public sealed class SourceDistExtractorTests : IDisposable
{
    private const int ZipFile = 0x8000;
    private const int ZipLink = 0xA000;
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly byte[] Payload = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31 % 251)).ToArray();

    private readonly TemporaryDirectory _folder = new();

    public SourceDistExtractorTests() => Directory.CreateDirectory(Work);

    public void Dispose() => _folder.Dispose();

    /// <summary>The destination's parent: after a refusal it must hold neither the destination's content nor a staging folder.</summary>
    private string Work => _folder.Combine("work");

    private string Destination => Path.Combine(Work, "src");

    private string Save(string fileName, byte[] bytes)
    {
        var path = _folder.Combine(fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Extract(string fileName, byte[] archive, long limit = SourceDistExtractor.DefaultMaxUnpackedBytes) =>
        new SourceDistExtractor(limit).Extract(Save(fileName, archive), Destination, CancellationToken.None);

    /// <summary>Extracts a bad archive and checks the refusal names the archive and the member, leaving nothing behind.</summary>
    private SourceDistException Refuse(string fileName, byte[] archive, string? member, long limit = SourceDistExtractor.DefaultMaxUnpackedBytes)
    {
        var extract = () => Extract(fileName, archive, limit);
        var error = extract.Should().Throw<SourceDistException>().Which;
        error.Message.Should().Contain(fileName);
        if (member is not null)
        {
            error.Message.Should().Contain($"'{member}'");
        }
        Directory.EnumerateFileSystemEntries(Work).Should().BeEmpty();
        return error;
    }

    private static TarEntry[] AlphaMembers() =>
    [
        new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "written by git archive" }),
        FolderMember("alpha-1.0/"),
        FileMember("alpha-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n"),
        FileMember("alpha-1.0/pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"),
        FileMember("alpha-1.0/src/alpha/__init__.py", ""),
        FileMember("alpha-1.0/src/alpha/data.bin", Payload),
        FileMember("alpha-1.0/bin/run.sh", "#!/bin/sh\necho run\n", Executable),
    ];

    private static byte[] AlphaZip() => Zip(
        ("alpha-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n"u8.ToArray(), ZipFile | 0x1A4),
        ("alpha-1.0/pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n"u8.ToArray(), ZipFile | 0x1A4),
        ("alpha-1.0/src/alpha/__init__.py", [], ZipFile | 0x1A4),
        ("alpha-1.0/src/alpha/data.bin", Payload, ZipFile | 0x1A4),
        ("alpha-1.0/bin/run.sh", "#!/bin/sh\necho run\n"u8.ToArray(), ZipFile | 0x1ED));

    [Theory]
    [InlineData("alpha-1.0.tar.gz")]
    [InlineData("alpha-1.0.tgz")]
    [InlineData("alpha-1.0.tar.zst")]
    [InlineData("alpha-1.0.tar")]
    [InlineData("alpha-1.0.zip")]
    public void A_source_distribution_unpacks_with_exact_bytes_and_executable_bits_and_returns_its_project_folder(string fileName)
    {
        var tar = Tar(AlphaMembers());
        var archive = fileName switch
        {
            "alpha-1.0.tar.gz" or "alpha-1.0.tgz" => Gzip(tar),
            "alpha-1.0.tar.zst" => Zstd(tar),
            "alpha-1.0.tar" => tar,
            _ => AlphaZip(),
        };

        var project = Extract(fileName, archive);

        project.Should().Be(Path.Combine(Destination, "alpha-1.0"));
        Directory.EnumerateFileSystemEntries(Destination).Should().ContainSingle();
        File.ReadAllText(Path.Combine(project, "PKG-INFO")).Should().Be("Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n");
        File.ReadAllBytes(Path.Combine(project, "src", "alpha", "data.bin")).Should().Equal(Payload);
        new FileInfo(Path.Combine(project, "src", "alpha", "__init__.py")).Length.Should().Be(0);
        File.GetUnixFileMode(Path.Combine(project, "bin", "run.sh")).Should().HaveFlag(UnixFileMode.UserExecute);
        (File.GetUnixFileMode(Path.Combine(project, "PKG-INFO")) & AnyExecute).Should().Be(0);
        Directory.EnumerateFileSystemEntries(Work).Should().Equal(Destination);
    }

    [Fact]
    public void An_archive_with_several_top_level_entries_returns_the_destination_itself()
    {
        var archive = Gzip(Tar(FileMember("setup.py", "from setuptools import setup\nsetup()\n"), FileMember("alpha/__init__.py", "")));

        var project = Extract("alpha-1.0.tar.gz", archive);

        project.Should().Be(Destination);
        File.Exists(Path.Combine(Destination, "setup.py")).Should().BeTrue();
    }

    [Fact]
    public void An_archive_holding_a_single_file_returns_the_destination_itself()
    {
        Extract("alpha-1.0.tar.gz", Gzip(Tar(FileMember("setup.py", "")))).Should().Be(Destination);
    }

    [Fact]
    public void An_empty_destination_folder_that_already_exists_is_filled()
    {
        Directory.CreateDirectory(Destination);

        Extract("alpha-1.0.tar.gz", Gzip(Tar(AlphaMembers()))).Should().Be(Path.Combine(Destination, "alpha-1.0"));
    }

    [Fact]
    public void A_destination_that_is_not_empty_is_refused_and_left_alone()
    {
        Directory.CreateDirectory(Destination);
        File.WriteAllText(Path.Combine(Destination, "keep"), "mine");

        var extract = () => Extract("alpha-1.0.tar.gz", Gzip(Tar(AlphaMembers())));

        extract.Should().Throw<ArgumentException>();
        Directory.EnumerateFileSystemEntries(Destination).Should().ContainSingle().Which.Should().EndWith("keep");
        Directory.EnumerateFileSystemEntries(Work).Should().Equal(Destination);
    }

    [Fact]
    public void Members_named_from_the_current_folder_are_unpacked_under_the_project_folder()
    {
        // `tar -C dist .` names its members ./alpha-1.0/... and adds "./" itself.
        var archive = Gzip(Tar(FolderMember("./"), FolderMember("./alpha-1.0/"), FileMember("./alpha-1.0/setup.py", "setup()\n")));

        var project = Extract("alpha-1.0.tar.gz", archive);

        project.Should().Be(Path.Combine(Destination, "alpha-1.0"));
        File.ReadAllText(Path.Combine(project, "setup.py")).Should().Be("setup()\n");
    }

    [Fact]
    public void A_relative_symbolic_link_that_stays_inside_the_tree_is_kept()
    {
        var archive = Gzip(Tar(
            FileMember("alpha-1.0/LICENSE", "MIT"),
            LinkMember(TarEntryType.SymbolicLink, "alpha-1.0/docs/LICENSE", "../LICENSE")));

        var project = Extract("alpha-1.0.tar.gz", archive);

        var link = new FileInfo(Path.Combine(project, "docs", "LICENSE"));
        link.LinkTarget.Should().Be("../LICENSE");
        File.ReadAllText(link.FullName).Should().Be("MIT");
    }

    [Fact]
    public void A_hard_link_to_an_earlier_file_is_unpacked_as_a_copy_of_its_bytes()
    {
        var archive = Gzip(Tar(
            FileMember("alpha-1.0/bin/tool", "#!/bin/sh\n", Executable),
            LinkMember(TarEntryType.HardLink, "alpha-1.0/bin/tool-1", "alpha-1.0/bin/tool")));

        var project = Extract("alpha-1.0.tar.gz", archive);

        File.ReadAllText(Path.Combine(project, "bin", "tool-1")).Should().Be("#!/bin/sh\n");
        File.GetUnixFileMode(Path.Combine(project, "bin", "tool-1")).Should().HaveFlag(UnixFileMode.UserExecute);
    }

    [Theory]
    [InlineData("../evil", "escapes")]
    [InlineData("alpha-1.0/../../evil", "escapes")]
    [InlineData("/tmp/evil", "absolute")]
    [InlineData("alpha-1.0\\..\\..\\evil", "backslash")]
    [InlineData("C:/evil", "drive letter")]
    public void A_tar_member_whose_path_leaves_the_destination_is_refused(string member, string reason)
    {
        var archive = Gzip(Tar(FileMember("alpha-1.0/setup.py", ""), FileMember(member, "pwned")));

        Refuse("alpha-1.0.tar.gz", archive, member).Message.Should().Contain(reason);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("/tmp/evil")]
    public void A_zip_member_whose_path_leaves_the_destination_is_refused(string member)
    {
        var archive = Zip(("alpha-1.0/setup.py", [], ZipFile | 0x1A4), (member, "pwned"u8.ToArray(), ZipFile | 0x1A4));

        Refuse("alpha-1.0.zip", archive, member);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../x")]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("C:/Windows")]
    public void A_symbolic_link_whose_target_leaves_the_destination_is_refused(string target)
    {
        var archive = Gzip(Tar(FileMember("alpha-1.0/setup.py", ""), LinkMember(TarEntryType.SymbolicLink, "alpha-1.0/evil", target)));

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/evil").Message.Should().Contain(target);
    }

    [Fact]
    public void A_symbolic_link_escaping_through_another_link_is_refused()
    {
        // Lexically "here/.." is the project folder; on disk "here" is the destination's root, so its parent lies outside.
        var archive = Gzip(Tar(
            LinkMember(TarEntryType.SymbolicLink, "here", "."),
            LinkMember(TarEntryType.SymbolicLink, "up", "here/..")));

        Refuse("alpha-1.0.tar.gz", archive, "up");
    }

    [Fact]
    public void A_loop_of_symbolic_links_is_refused()
    {
        var archive = Gzip(Tar(
            LinkMember(TarEntryType.SymbolicLink, "alpha-1.0/a", "b/x"),
            LinkMember(TarEntryType.SymbolicLink, "alpha-1.0/b", "a/x")));

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/a");
    }

    [Fact]
    public void A_member_written_through_a_symbolic_link_is_refused()
    {
        var archive = Gzip(Tar(
            LinkMember(TarEntryType.SymbolicLink, "alpha-1.0/lib", "."),
            FileMember("alpha-1.0/lib/setup.py", "")));

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/lib/setup.py").Message.Should().Contain("not a folder");
    }

    [Fact]
    public void A_zip_symbolic_link_to_an_absolute_path_is_refused()
    {
        var archive = Zip(("alpha-1.0/setup.py", [], ZipFile | 0x1A4), ("alpha-1.0/passwd", "/etc/passwd"u8.ToArray(), ZipLink | 0x1FF));

        Refuse("alpha-1.0.zip", archive, "alpha-1.0/passwd").Message.Should().Contain("/etc/passwd");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("alpha-1.0/missing")]
    public void A_hard_link_to_anything_but_an_earlier_file_in_the_archive_is_refused(string target)
    {
        var archive = Gzip(Tar(FileMember("alpha-1.0/setup.py", ""), LinkMember(TarEntryType.HardLink, "alpha-1.0/evil", target)));

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/evil");
    }

    [Theory]
    [InlineData(TarEntryType.Fifo)]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    public void A_device_or_fifo_entry_is_refused(TarEntryType type)
    {
        var archive = Gzip(Tar(FileMember("alpha-1.0/setup.py", ""), new PaxTarEntry(type, "alpha-1.0/dev")));

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/dev");
    }

    [Fact]
    public void A_tar_member_named_twice_is_refused()
    {
        var archive = Gzip(Tar(FileMember("alpha-1.0/setup.py", "first"), FileMember("alpha-1.0/setup.py", "second")));

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/setup.py").Message.Should().Contain("twice");
    }

    [Fact]
    public void A_zip_member_named_twice_is_refused()
    {
        var archive = Zip(("alpha-1.0/setup.py", "first"u8.ToArray(), ZipFile | 0x1A4), ("alpha-1.0/setup.py", "second"u8.ToArray(), ZipFile | 0x1A4));

        Refuse("alpha-1.0.zip", archive, "alpha-1.0/setup.py").Message.Should().Contain("twice");
    }

    [Fact]
    public void A_name_used_for_a_file_and_a_folder_is_refused()
    {
        var archive = Gzip(Tar(FileMember("alpha-1.0/setup.py", ""), FileMember("alpha-1.0/setup.py/x", "")));

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/setup.py/x");
    }

    [Fact]
    public void A_member_unpacking_past_the_size_limit_is_refused()
    {
        var archive = Gzip(Tar(FileMember("alpha-1.0/setup.py", ""), FileMember("alpha-1.0/bomb", new byte[1_000_000])));
        archive.Length.Should().BeLessThan(10_000);

        Refuse("alpha-1.0.tar.gz", archive, "alpha-1.0/bomb", limit: 100_000).Message.Should().Contain("100000");
    }

    [Fact]
    public void The_size_limit_counts_all_members_together()
    {
        var archive = Zip(("alpha-1.0/a", new byte[60_000], ZipFile | 0x1A4), ("alpha-1.0/b", new byte[60_000], ZipFile | 0x1A4));

        Refuse("alpha-1.0.zip", archive, "alpha-1.0/b", limit: 100_000);
    }

    [Theory]
    [InlineData("alpha-1.0.tar.bz2", "BZh91AY&SY", "bzip2")]
    [InlineData("alpha-1.0.tar.xz", "\u00FD7zXZ\0", "xz")]
    public void Bzip2_and_xz_archives_are_refused_as_unsupported_compression(string fileName, string header, string compression)
    {
        var archive = Encoding.Latin1.GetBytes(header + new string('\0', 100));

        var error = Refuse(fileName, archive, member: null);

        error.Message.Should().Contain("unsupported compression").And.Contain(compression);
    }

    [Fact]
    public void A_truncated_archive_is_refused_as_corrupt()
    {
        var archive = Gzip(Tar(AlphaMembers()));

        Refuse("alpha-1.0.tar.gz", archive[..(archive.Length / 2)], member: null).Message.Should().Contain("corrupt");
    }

    [Fact]
    public void A_file_that_is_no_archive_is_refused()
    {
        Refuse("alpha-1.0.tar.gz", "<html>not found</html>"u8.ToArray(), member: null);
    }

    [Fact]
    public void Cancellation_stops_the_extraction_and_leaves_nothing_behind()
    {
        var path = Save("alpha-1.0.tar.gz", Gzip(Tar(AlphaMembers())));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var extract = () => new SourceDistExtractor().Extract(path, Destination, cancelled.Token);

        extract.Should().Throw<OperationCanceledException>();
        Directory.EnumerateFileSystemEntries(Work).Should().BeEmpty();
    }
}
