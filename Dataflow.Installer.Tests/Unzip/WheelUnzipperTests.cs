using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Tests.Unzip;

public sealed class WheelUnzipperTests : IDisposable
{
    private const string WheelName = "alpha-1.0-py3-none-any.whl";

    private readonly TemporaryDirectory _folder = new();
    private readonly CacheRoot _cache;

    public WheelUnzipperTests()
    {
        _cache = new CacheRoot(_folder.Combine("cache"));
        _cache.EnsureCreated();
    }

    public void Dispose() => _folder.Dispose();

    private DownloadedArchive Save(byte[] bytes)
    {
        var path = _folder.Combine(Guid.NewGuid().ToString("N")[..8] + "-" + WheelName);
        File.WriteAllBytes(path, bytes);
        return new DownloadedArchive(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, IsScratch: true);
    }

    private CacheEntry Unzip(DownloadedArchive archive, string distInfoPrefix = "alpha-1.0") =>
        new WheelUnzipper(_cache).Unzip(archive, WheelName, distInfoPrefix, CancellationToken.None);

    /// <summary>Unzips a bad wheel and checks the refusal names the wheel (and member), leaving nothing staged or published.</summary>
    private UnzipException Refuse(byte[] wheel, string? member, string distInfoPrefix = "alpha-1.0")
    {
        var archive = Save(wheel);
        var unzip = () => Unzip(archive, distInfoPrefix);
        var error = unzip.Should().Throw<UnzipException>().Which;
        error.Message.Should().Contain(WheelName);
        if (member is not null)
        {
            error.Message.Should().Contain(member);
        }
        Directory.EnumerateFileSystemEntries(_cache.Bucket(CacheRoot.TempBucket)).Should().BeEmpty();
        Directory.Exists(_cache.WheelEntryPath(archive.Sha256)).Should().BeFalse();
        return error;
    }

    [Fact]
    public void A_wheel_that_would_unpack_beyond_the_limit_is_refused_before_anything_is_written()
    {
        // Two MiB of zeros deflate to a few KiB: a miniature decompression bomb against a one-MiB limit.
        var bomb = TestWheelArchive.Alpha().Add("alpha/zeros.bin", new byte[2 * 1024 * 1024]).Build();
        var archive = Save(bomb);

        var unzip = () => new WheelUnzipper(_cache, maxUnpackedBytes: 1024 * 1024).Unzip(archive, WheelName, "alpha-1.0", CancellationToken.None);

        unzip.Should().Throw<UnzipException>().WithMessage($"*{WheelName} would unpack to*more than the limit*--max-unpacked-size*");
        Directory.EnumerateFileSystemEntries(_cache.Bucket(CacheRoot.TempBucket)).Should().BeEmpty();
        Directory.Exists(_cache.WheelEntryPath(archive.Sha256)).Should().BeFalse();
        new WheelUnzipper(_cache, maxUnpackedBytes: 8 * 1024 * 1024).Unzip(archive, WheelName, "alpha-1.0", CancellationToken.None).Tree.Should().NotBeNull("a raised limit lets it through");
    }

    [Fact]
    public void A_good_wheel_is_unzipped_into_its_content_addressed_cache_entry_with_exact_bytes()
    {
        var wheel = TestWheelArchive.Alpha();
        var archive = Save(wheel.Build());

        var entry = Unzip(archive);

        entry.Sha256.Should().Be(archive.Sha256);
        entry.Directory.Should().Be(Path.Combine(_cache.Path, "wheels-v1", archive.Sha256));
        entry.Tree.Should().Be(Path.Combine(entry.Directory, "tree"));
        File.ReadAllText(Path.Combine(entry.Tree, "alpha", "__init__.py")).Should().Be("VALUE = 1\n");
        File.ReadAllBytes(Path.Combine(entry.Tree, "alpha", "data.bin"))
            .Should().Equal(Enumerable.Range(0, 70_000).Select(i => (byte)(i % 256)));
        File.Exists(Path.Combine(entry.Tree, "alpha-1.0.dist-info", "RECORD")).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(_cache.Bucket(CacheRoot.TempBucket)).Should().BeEmpty();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Execute_bits_come_from_the_zip_external_attributes()
    {
        var entry = Unzip(Save(TestWheelArchive.Alpha().Build()));

        var script = File.GetUnixFileMode(Path.Combine(entry.Tree, "alpha-1.0.data", "scripts", "alpha-tool"));
        var module = File.GetUnixFileMode(Path.Combine(entry.Tree, "alpha", "__init__.py"));
        script.Should().HaveFlag(UnixFileMode.UserExecute);
        module.HasFlag(UnixFileMode.UserExecute).Should().BeFalse();
        module.HasFlag(UnixFileMode.GroupExecute).Should().BeFalse();
        module.HasFlag(UnixFileMode.OtherExecute).Should().BeFalse();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Execute_bits_without_a_regular_file_type_make_no_executable_as_pip_decides()
    {
        var entry = Unzip(Save(TestWheelArchive.Alpha().Add("alpha/bare-bits.sh", "#!/bin/sh\n", mode: 0b111_101_101).Build()));

        File.GetUnixFileMode(Path.Combine(entry.Tree, "alpha", "bare-bits.sh")).HasFlag(UnixFileMode.UserExecute).Should().BeFalse();
    }

    [Theory]
    [InlineData("ZIP_BZIP2", "bzip2")]
    [InlineData("ZIP_LZMA", "LZMA")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Members_that_Pythons_zipfile_compressed_with_bzip2_or_LZMA_are_unzipped_as_pip_reads_them_with_a_warning(string method, string shown)
    {
        var deflated = _folder.Combine("deflated.whl");
        await File.WriteAllBytesAsync(deflated, TestWheelArchive.Alpha().Add("alpha/empty/", "").Build());
        var recompressed = _folder.Combine("recompressed.whl");
        // The same members, names, order and modes, each compressed as Python's zipfile does when asked.
        (await EndToEnd.ChildProcess.RunAsync("python3", ["-c",
            "import sys, zipfile\n"
            + "with zipfile.ZipFile(sys.argv[1]) as z, zipfile.ZipFile(sys.argv[2], 'w') as out:\n"
            + "    for info in z.infolist():\n"
            + "        copy = zipfile.ZipInfo(info.filename, info.date_time)\n"
            + "        copy.external_attr = info.external_attr\n"
            + "        copy.compress_type = getattr(zipfile, sys.argv[3])\n"
            + "        out.writestr(copy, z.read(info))\n",
            deflated, recompressed, method])).ShouldSucceed();
        var warnings = new List<string>();
        var unzipper = new WheelUnzipper(_cache, warn: warnings.Add);

        var expected = unzipper.Unzip(Save(await File.ReadAllBytesAsync(deflated)), WheelName, "alpha-1.0", CancellationToken.None);
        var entry = unzipper.Unzip(Save(await File.ReadAllBytesAsync(recompressed)), WheelName, "alpha-1.0", CancellationToken.None);

        (await TreeSnapshotOf(entry.Tree)).Should().Equal(await TreeSnapshotOf(expected.Tree));
        File.GetUnixFileMode(Path.Combine(entry.Tree, "alpha-1.0.data", "scripts", "alpha-tool")).Should().HaveFlag(UnixFileMode.UserExecute);
        Directory.Exists(Path.Combine(entry.Tree, "alpha", "empty")).Should().BeTrue();
        warnings.Should().ContainSingle().Which.Should().Contain(WheelName).And.Contain($"compressed with {shown}");
        Directory.EnumerateFileSystemEntries(entry.Directory).Select(Path.GetFileName).Should().NotContain("uncompressed.whl");
        Directory.EnumerateFileSystemEntries(_cache.Bucket(CacheRoot.TempBucket)).Should().BeEmpty();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Zstandard_members_as_Python_314s_zipfile_writes_them_are_unzipped_too()
    {
        var deflated = _folder.Combine("deflated.whl");
        await File.WriteAllBytesAsync(deflated, TestWheelArchive.Alpha().Build());
        var zstd = ZstdZip.Rewrite(await File.ReadAllBytesAsync(deflated));
        var warnings = new List<string>();
        var unzipper = new WheelUnzipper(_cache, warn: warnings.Add);

        var expected = unzipper.Unzip(Save(await File.ReadAllBytesAsync(deflated)), WheelName, "alpha-1.0", CancellationToken.None);
        var entry = unzipper.Unzip(Save(zstd), WheelName, "alpha-1.0", CancellationToken.None);

        (await TreeSnapshotOf(entry.Tree)).Should().Equal(await TreeSnapshotOf(expected.Tree));
        warnings.Should().ContainSingle().Which.Should().Contain("compressed with zstd");
    }

    [Fact]
    public void A_corrupt_zstd_member_is_refused_as_corrupt_naming_the_wheel()
    {
        var zip = ZstdZip.Rewrite(TestWheelArchive.Alpha().Build());
        // The first member's compressed bytes follow its 30-byte local header and name.
        var start = 30 + BitConverter.ToUInt16(zip, 26) + BitConverter.ToUInt16(zip, 28);
        for (var i = start + 4; i < start + 12; i++)
        {
            zip[i] ^= 0x5A;
        }

        Refuse(zip, member: null).Message.Should().Contain("is corrupt");
    }

    [Fact]
    public void A_recompressed_member_whose_CRC_does_not_match_is_refused_as_zipfile_refuses_it()
    {
        var zip = ZstdZip.Rewrite(TestWheelArchive.Alpha().Build(), wrongCrc: true);

        Refuse(zip, member: null).Message.Should().Contain("does not match its size and CRC-32");
    }

    [Fact]
    public void A_corrupt_deflate_member_is_still_refused_as_corrupt()
    {
        var wheel = TestWheelArchive.Alpha().Build();
        // Overwrite the deflated bytes of the first member (just after its local header and name) with garbage.
        var nameLength = BitConverter.ToUInt16(wheel, 26) + BitConverter.ToUInt16(wheel, 28);
        for (var i = 30 + nameLength; i < 30 + nameLength + 8; i++)
        {
            wheel[i] = 0xFF;
        }

        Refuse(wheel, member: null).Message.Should().NotContain("uncompressed");
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task<List<string>> TreeSnapshotOf(string tree) =>
        [.. (await Task.WhenAll(Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(async file => $"{Path.GetRelativePath(tree, file)} {File.GetUnixFileMode(file)} {Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(file)))}")))];

    [Fact]
    public void Directory_members_are_created()
    {
        var wheel = TestWheelArchive.Alpha().Add("alpha/empty/", "");

        var entry = Unzip(Save(wheel.Build()));

        Directory.Exists(Path.Combine(entry.Tree, "alpha", "empty")).Should().BeTrue();
    }

    [Fact]
    public void An_already_published_entry_is_reused_without_reading_the_archive()
    {
        var archive = Save(Encoding.UTF8.GetBytes("not a zip at all"));
        var published = _cache.WheelEntryPath(archive.Sha256);
        Directory.CreateDirectory(Path.Combine(published, "tree"));
        File.WriteAllText(Path.Combine(published, "tree", "marker"), "from an earlier run");
        EntryManifest.Capture(Path.Combine(published, "tree")).WriteTo(published);

        var entry = Unzip(archive);

        entry.Directory.Should().Be(published);
        File.ReadAllText(Path.Combine(entry.Tree, "marker")).Should().Be("from an earlier run");
    }

    [Fact]
    public void Unzipping_the_same_wheel_twice_gives_the_same_entry()
    {
        var bytes = TestWheelArchive.Alpha().Build();

        var first = Unzip(Save(bytes));
        var second = Unzip(Save(bytes));

        second.Should().Be(first);
    }

    [Theory]
    [InlineData("../evil.py")]
    [InlineData("alpha/../../evil.py")]
    [InlineData("/tmp/evil.py")]
    [InlineData("alpha\\evil.py")]
    [InlineData("C:/evil.py")]
    public void A_member_with_an_unsafe_name_is_refused(string name)
    {
        var wheel = TestWheelArchive.Alpha().Add(name, "import os\n");

        var error = Refuse(wheel.Build(), name);

        error.Message.Should().Contain("refused");
        File.Exists(Path.Combine(Path.GetTempPath(), "evil.py")).Should().BeFalse();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_symbolic_link_member_is_unzipped_as_a_plain_file_holding_its_target_as_pip_does()
    {
        var entry = Unzip(Save(TestWheelArchive.Alpha().Add("alpha/link", "/etc/passwd", mode: TestWheelArchive.SymbolicLink).Build()));

        var member = new FileInfo(Path.Combine(entry.Tree, "alpha", "link"));
        member.LinkTarget.Should().BeNull("a wheel's link is never made a link");
        File.ReadAllText(member.FullName).Should().Be("/etc/passwd");
        File.GetUnixFileMode(member.FullName).HasFlag(UnixFileMode.UserExecute).Should().BeFalse("a link's bits are not a regular file's");
    }

    [Fact]
    public void A_member_held_twice_with_different_bytes_is_refused()
    {
        var wheel = TestWheelArchive.Alpha().Add("alpha/__init__.py", "VALUE = 2\n", inRecord: false);

        Refuse(wheel.Build(), "alpha/__init__.py").Message.Should().Contain("appears twice, with different contents");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_member_held_twice_with_the_same_bytes_is_unzipped_once_as_pip_installs_it()
    {
        // As flit_core 3.11 wrote a license file named by both license.file and its default globs.
        var wheel = TestWheelArchive.Alpha()
            .Add("alpha-1.0.dist-info/licenses/LICENSE", "MIT\n")
            .Add("alpha-1.0.dist-info/licenses/LICENSE", "MIT\n", mode: TestWheelArchive.RegularFile(0b111_101_101), inRecord: false);

        var entry = Unzip(Save(wheel.Build()));

        var license = Path.Combine(entry.Tree, "alpha-1.0.dist-info", "licenses", "LICENSE");
        File.ReadAllText(license).Should().Be("MIT\n");
        File.GetUnixFileMode(license).HasFlag(UnixFileMode.UserExecute).Should().BeTrue("pip writes each copy, and a copy marked executable leaves it so");
        entry.Manifest!.Files.Select(file => file.Key).Where(path => path.EndsWith("LICENSE", StringComparison.Ordinal)).Should().ContainSingle();
    }

    [Fact]
    public void A_member_that_is_both_a_file_and_a_folder_is_refused()
    {
        var wheel = TestWheelArchive.Alpha().Add("alpha/both/", "").Add("alpha/both", "x\n");

        Refuse(wheel.Build(), "alpha/both").Message.Should().Contain("both a file and a folder");
    }

    [Fact]
    public void A_member_its_RECORD_does_not_list_is_unzipped_and_listed_with_its_hash_and_a_warning_as_pip_installs_it()
    {
        // As selenium 4.1.0 and catboost 1.0.4 were published (pypa/installer#100): pip installs such files.
        var warnings = new List<string>();
        var wheel = TestWheelArchive.Alpha().Add("alpha/extra.py", "x = 1\n", inRecord: false);

        var entry = new WheelUnzipper(_cache, warn: warnings.Add).Unzip(Save(wheel.Build()), WheelName, "alpha-1.0", CancellationToken.None);

        File.ReadAllText(Path.Combine(entry.Tree, "alpha", "extra.py")).Should().Be("x = 1\n");
        var rows = RecordFile.Read(Path.Combine(entry.Tree, "alpha-1.0.dist-info", "RECORD"));
        rows.Should().ContainSingle(row => row.Path == "alpha/extra.py").Which.Should().Be(
            new RecordEntry("alpha/extra.py", RecordHash.Parse("sha256=" + TestWheelArchive.Base64Url(SHA256.HashData("x = 1\n"u8))), 6),
            "the cached tree's RECORD lists every file it holds");
        warnings.Should().ContainSingle().Which.Should().Contain(WheelName).And.Contain("'alpha/extra.py'");
        ImportVerifier.WheelEntry(ExportedCopy(entry), CancellationToken.None).Should().BeNull("an export of the entry verifies on import");
    }

    // What an export carries of an entry: its tree, and the wheel's own RECORD where it was kept, in a folder named by the wheel's sha256.
    private string ExportedCopy(CacheEntry entry)
    {
        var copy = _folder.Combine("exported-" + Guid.NewGuid().ToString("N"), entry.Sha256);
        foreach (var file in Directory.EnumerateFiles(entry.Tree, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, CacheEntry.TreeFolderName, Path.GetRelativePath(entry.Tree, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var own = Path.Combine(entry.Directory, CacheEntry.WheelRecordFileName);
        if (File.Exists(own))
        {
            File.Copy(own, Path.Combine(copy, CacheEntry.WheelRecordFileName));
        }
        return copy;
    }

    [Fact]
    public void A_member_failing_its_record_hash_is_refused()
    {
        var wrong = "sha256=" + TestWheelArchive.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes("something else")));
        var wheel = TestWheelArchive.Alpha().Add("alpha/tampered.py", "x = 1\n", recordHash: wrong);

        Refuse(wheel.Build(), "alpha/tampered.py").Message.Should().Contain("RECORD hash");
    }

    [Fact]
    public void A_dist_info_folder_that_does_not_match_the_file_name_is_refused()
    {
        var error = Refuse(TestWheelArchive.Alpha().Build(), "alpha-1.0.dist-info", distInfoPrefix: "beta-1.0");

        error.Message.Should().Contain("does not match");
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("not a version")]
    public void A_wheel_whose_METADATA_gives_another_version_than_its_file_name_is_refused_as_pip_refuses_it(string declared)
    {
        var wheel = new TestWheelArchive("alpha-1.0.dist-info").Add("alpha/__init__.py", "x = 1\n")
            .Add("alpha-1.0.dist-info/METADATA", $"Metadata-Version: 2.1\nName: alpha\nVersion: {declared}\n\n");

        var error = Refuse(wheel.Build(), member: null);

        error.Message.Should().Contain($"METADATA says version '{declared}', the file name '1.0'");
    }

    [Fact]
    public void A_wheel_without_METADATA_is_refused()
    {
        var wheel = new TestWheelArchive("alpha-1.0.dist-info").Add("alpha/__init__.py", "x = 1\n");

        Refuse(wheel.Build(), member: null).Message.Should().Contain("alpha-1.0.dist-info/METADATA is missing");
    }

    [Fact]
    public void A_METADATA_that_is_not_UTF8_is_refused_as_pip_refuses_it()
    {
        var wheel = new TestWheelArchive("alpha-1.0.dist-info").Add("alpha/__init__.py", "x = 1\n")
            .Add("alpha-1.0.dist-info/METADATA", [.. "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\nSummary: caf"u8, 0xE9, .. "\n\n"u8]);

        Refuse(wheel.Build(), member: null).Message.Should().Contain("alpha-1.0.dist-info/METADATA is not UTF-8 (byte 0xE9 at offset 59)");
    }

    [Fact]
    public void A_METADATA_starting_with_a_byte_order_mark_is_refused_as_pip_cannot_read_its_name()
    {
        var wheel = new TestWheelArchive("alpha-1.0.dist-info").Add("alpha/__init__.py", "x = 1\n")
            .Add("alpha-1.0.dist-info/METADATA", [.. "\uFEFF"u8, .. "Metadata-Version: 2.1\nName: alpha\nVersion: 1.0\n\n"u8]);

        Refuse(wheel.Build(), member: null).Message.Should().Contain("alpha-1.0.dist-info/METADATA starts with a byte-order mark");
    }

    [Fact]
    public void A_dist_info_folder_whose_version_differs_from_the_file_names_is_refused()
    {
        var error = Refuse(TestWheelArchive.Alpha().Build(), "alpha-1.0.dist-info", distInfoPrefix: "alpha-1.1");

        error.Message.Should().Contain("does not match");
    }

    [Theory]
    [InlineData("alpha-1.0.0.dist-info", "alpha-1.0")]
    [InlineData("Alpha-1.0.dist-info", "alpha-1.0.0")]
    [InlineData("alpha-2020.01.01.dist-info", "alpha-2020.1.1")]
    [InlineData("alpha-1.0RC1.dist-info", "alpha-1.0rc1")]
    public void A_dist_info_folder_whose_version_equals_the_file_names_by_PEP_440_is_accepted_as_pip_accepts_it(string distInfo, string prefix)
    {
        var version = distInfo[(distInfo.IndexOf('-') + 1)..^".dist-info".Length];
        var wheel = new TestWheelArchive(distInfo).Add("alpha/__init__.py", "x = 1\n")
            .Add($"{distInfo}/METADATA", $"Metadata-Version: 2.1\nName: alpha\nVersion: {version}\n\n");

        var entry = Unzip(Save(wheel.Build()), distInfoPrefix: prefix);

        File.Exists(Path.Combine(entry.Tree, distInfo, "RECORD")).Should().BeTrue();
    }

    [Fact]
    public void A_dist_info_folder_spelled_differently_but_normalising_to_the_file_name_is_accepted()
    {
        var wheel = new TestWheelArchive("Zope.Thing-1.0.dist-info").Add("zope/thing.py", "x = 1\n")
            .Add("Zope.Thing-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: Zope.Thing\nVersion: 1.0\n\n");

        var entry = Unzip(Save(wheel.Build()), distInfoPrefix: "zope_thing-1.0");

        File.Exists(Path.Combine(entry.Tree, "zope", "thing.py")).Should().BeTrue();
    }

    [Fact]
    public void A_wheel_without_record_is_refused()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("alpha/__init__.py").Open();
            stream.Write("x = 1\n"u8);
        }

        Refuse(buffer.ToArray(), member: null).Message.Should().Contain("RECORD");
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        Refuse(Encoding.UTF8.GetBytes("<html>Not a wheel, an error page</html>"), member: null)
            .Message.Should().Contain("not a valid zip");
    }

    [Fact]
    public void A_file_listed_in_RECORD_but_missing_from_the_archive_is_skipped_with_a_warning_and_its_row_dropped_as_pip_skips_it()
    {
        // As xgboost 0.90 was published (astral-sh/uv#8798): RECORD names a DLL the wheel ships under another name.
        var warnings = new List<string>();
        var wheel = TestWheelArchive.Alpha().ListOnly("alpha/missing.py", "print('never shipped')\n").Add("alpha/shipped.py", "x = 2\n", inRecord: false);

        var entry = new WheelUnzipper(_cache, warn: warnings.Add).Unzip(Save(wheel.Build()), WheelName, "alpha-1.0", CancellationToken.None);

        var rows = RecordFile.Read(Path.Combine(entry.Tree, "alpha-1.0.dist-info", "RECORD")).Select(row => row.Path).ToList();
        rows.Should().NotContain("alpha/missing.py").And.Contain("alpha/shipped.py").And.Contain("alpha/__init__.py");
        warnings.Should().HaveCount(2).And.Contain(message => message.Contains("'alpha/missing.py'")).And.Contain(message => message.Contains("'alpha/shipped.py'"));
        ImportVerifier.WheelEntry(ExportedCopy(entry), CancellationToken.None).Should().BeNull("the entry's RECORD lists exactly the files its tree holds");
        var own = RecordFile.Read(Path.Combine(entry.Directory, CacheEntry.WheelRecordFileName)).Select(row => row.Path).ToList();
        own.Should().Contain("alpha/missing.py", "the wheel's own RECORD is kept beside the tree, for installs to write pip's rows")
            .And.NotContain("alpha/shipped.py");
    }

    [Fact]
    public void A_RECORD_row_hashed_with_md5_is_not_checked_as_pip_checks_none_but_a_sha256_row_still_is()
    {
        var md5 = "md5=" + TestWheelArchive.Base64Url(MD5.HashData("something else\n"u8));
        var old = TestWheelArchive.Alpha().Add("alpha/old.py", "x = 1\n", recordHash: md5);

        var entry = Unzip(Save(old.Build()));

        File.ReadAllText(Path.Combine(entry.Tree, "alpha", "old.py")).Should().Be("x = 1\n");
        var wrong = TestWheelArchive.Alpha().Add("alpha/new.py", "x = 1\n", recordHash: "sha256=" + TestWheelArchive.Base64Url(SHA256.HashData("y\n"u8)));
        Refuse(wrong.Build(), "alpha/new.py").Message.Should().Contain("does not match its RECORD hash");
    }

    [Fact]
    public void A_wheel_whose_RECORD_is_sound_keeps_no_copy_of_it_beside_the_tree()
    {
        var entry = Unzip(Save(TestWheelArchive.Alpha().Build()));

        Directory.EnumerateFileSystemEntries(entry.Directory).Select(Path.GetFileName).Should().BeEquivalentTo(CacheEntry.TreeFolderName, CacheEntry.ManifestFileName);
    }

    [Fact]
    public void An_imported_entry_whose_kept_wheel_RECORD_gives_a_file_of_the_tree_another_hash_fails_the_import_check()
    {
        var wheel = TestWheelArchive.Alpha().ListOnly("alpha/missing.py", "print('never shipped')\n");
        var copy = ExportedCopy(new WheelUnzipper(_cache, warn: _ => { }).Unzip(Save(wheel.Build()), WheelName, "alpha-1.0", CancellationToken.None));
        var own = Path.Combine(copy, CacheEntry.WheelRecordFileName);
        File.WriteAllText(own, File.ReadAllText(own).Replace("alpha/__init__.py,sha256=", "alpha/__init__.py,sha256=AAAA", StringComparison.Ordinal));

        ImportVerifier.WheelEntry(copy, CancellationToken.None).Should().Contain(CacheEntry.WheelRecordFileName).And.Contain("alpha/__init__.py");
    }

    [Fact]
    public void An_imported_entry_with_a_file_beside_its_tree_other_than_the_wheel_s_RECORD_fails_the_import_check()
    {
        var copy = ExportedCopy(Unzip(Save(TestWheelArchive.Alpha().Build())));
        File.WriteAllText(Path.Combine(copy, "stray"), "x");

        ImportVerifier.WheelEntry(copy, CancellationToken.None).Should().Contain("nothing else");
    }

    [Fact]
    public void A_cached_tree_whose_RECORD_lists_a_missing_file_fails_the_import_check()
    {
        var entry = Unzip(Save(TestWheelArchive.Alpha().Build()));
        var copy = ExportedCopy(entry);
        File.Delete(Path.Combine(copy, CacheEntry.TreeFolderName, "alpha", "data.bin"));

        ImportVerifier.WheelEntry(copy, CancellationToken.None).Should().Contain("alpha/data.bin").And.Contain("does not hold");
    }
}
