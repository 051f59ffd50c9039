using System.Formats.Tar;
using System.Text;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using ZstdSharp;

namespace Dataflow.Installer.Tests.Cache;

public sealed class CacheExportImportTests : IDisposable
{
    private readonly PopulatedCache _source = new("source");
    private readonly PopulatedCache _target = new("target");

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    private async Task<string> ExportAsync(bool onlyBuilt = false)
    {
        var archive = _source.Scratch("export.tar.zst");
        await new CacheExporter(_source.Root).ExportAsync(archive, onlyBuilt, CancellationToken.None);
        return archive;
    }

    private Task<ImportResult> ImportAsync(string archive) => new CacheImporter(_target.Root).ImportAsync(archive, CancellationToken.None);

    [Fact]
    public async Task An_export_imported_into_an_empty_cache_reproduces_every_entry()
    {
        _source.AddWheel("demo-1.0-py3-none-any.whl", payloadBytes: 100_000);
        _source.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        _source.AddPage("demo");

        var result = await ImportAsync(await ExportAsync());

        result.Published.Should().Be(4, "one unzipped wheel, its pointer, one built wheel and one page");
        result.Rejected.Should().BeEmpty();
        PopulatedCache.Snapshot(_target.Root).Should().BeEquivalentTo(PopulatedCache.Snapshot(_source.Root));
        Directory.EnumerateFileSystemEntries(_target.Root.Bucket(CacheRoot.TempBucket)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_wheel_s_own_RECORD_kept_beside_a_mended_tree_travels_with_it()
    {
        var wheel = new Install.WheelBuilder("mended", "1.0").Add("mended/__init__.py", "").Add("mended/extra.py", "E = 1\n");
        wheel.UnlistedFiles.Add("mended/extra.py");
        var sha256 = _source.AddWheel(wheel.Build(), "mended-1.0-py3-none-any.whl");
        File.Exists(Path.Combine(_source.Root.WheelEntryPath(sha256), CacheEntry.WheelRecordFileName)).Should().BeTrue();

        var result = await ImportAsync(await ExportAsync());

        result.Rejected.Should().BeEmpty();
        File.ReadAllText(Path.Combine(_target.Root.WheelEntryPath(sha256), CacheEntry.WheelRecordFileName))
            .Should().Be(File.ReadAllText(Path.Combine(_source.Root.WheelEntryPath(sha256), CacheEntry.WheelRecordFileName)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Executable_bits_of_unzipped_files_survive_the_round_trip()
    {
        var sha256 = _source.AddWheel("demo-1.0-py3-none-any.whl");
        var script = Path.Combine(_source.Root.WheelEntryPath(sha256), "tree", "demo", "__init__.py");
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);

        await ImportAsync(await ExportAsync());

        File.GetUnixFileMode(Path.Combine(_target.Root.WheelEntryPath(sha256), "tree", "demo", "__init__.py"))
            .Should().HaveFlag(UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task Importing_into_a_cache_that_holds_an_entry_keeps_the_existing_one()
    {
        var shared = _source.AddWheel("demo-1.0-py3-none-any.whl");
        _source.AddWheel("other-1.0-py3-none-any.whl");
        var archive = await ExportAsync();
        // The target's own entry under the same sha256, told apart by a file the archive does not hold.
        var marker = Path.Combine(_target.Root.WheelEntryPath(shared), "tree", "marker");
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, "the target's own");
        new LocationPointers(_target.Root).Record("https://files.example/demo-1.0-py3-none-any.whl", shared);

        var result = await ImportAsync(archive);

        result.Rejected.Should().BeEmpty();
        result.Published.Should().Be(2, "the other wheel and its pointer are new");
        result.AlreadyCached.Should().Be(2);
        File.ReadAllText(marker).Should().Be("the target's own");
        Directory.Exists(_target.Root.WheelEntryPath(shared)).Should().BeTrue();
        (await ImportAsync(archive)).AlreadyCached.Should().Be(4);
    }

    [Fact]
    public async Task A_tampered_file_in_an_unzipped_wheel_skips_that_entry_and_names_it()
    {
        var tampered = _source.AddWheel("demo-1.0-py3-none-any.whl");
        var sound = _source.AddWheel("other-1.0-py3-none-any.whl");
        File.AppendAllText(Path.Combine(_source.Root.WheelEntryPath(tampered), "tree", "demo", "__init__.py"), "evil = True\n");

        var result = await ImportAsync(await ExportAsync());

        result.Rejected.Should().ContainSingle().Which.Should().Contain(tampered).And.Contain("demo/__init__.py");
        Directory.Exists(_target.Root.WheelEntryPath(tampered)).Should().BeFalse();
        Directory.Exists(_target.Root.WheelEntryPath(sound)).Should().BeTrue();
    }

    [Fact]
    public async Task Pages_and_pointers_an_older_dfi_named_by_sha256_travel_and_serve_after_import()
    {
        var url = new Uri("https://index.example/simple/legacy/");
        var request = url.AbsoluteUri + "\n" + Dataflow.Installer.Index.SimpleIndexClient.AcceptHeader;
        var pageName = CacheKey.Name(request, secret: true);
        var page = Path.Combine(_source.Root.Bucket(PageCache.Bucket), pageName[..2], pageName + ".zst");
        Directory.CreateDirectory(Path.GetDirectoryName(page)!);
        File.WriteAllBytes(page, new Compressor(3).Wrap(Encoding.UTF8.GetBytes(
            "{\"url\":\"https://index.example/simple/legacy/\",\"stored_at\":1800000000000,\"max_age\":600}\n<a href='legacy-1.0.tar.gz'>x</a>")).ToArray());
        const string location = "https://files.example/legacy-1.0-py3-none-any.whl";
        var pointer = _source.Root.LegacyLocationPointerPath(location);
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        File.WriteAllText(pointer, new string('f', 64) + "\n");

        var result = await ImportAsync(await ExportAsync());

        result.Rejected.Should().BeEmpty();
        new PageCache(_target.Root, TimeProvider.System).TryGet(url, Dataflow.Installer.Index.SimpleIndexClient.AcceptHeader)!.Body.Should().Contain("legacy-1.0.tar.gz");
        new LocationPointers(_target.Root).TryGetSha256(location).Should().Be(new string('f', 64));
    }

    [Fact]
    public async Task A_page_or_pointer_moved_to_another_name_is_skipped_and_named()
    {
        var page = _source.AddPage("demo");
        new LocationPointers(_source.Root).Record("https://files.example/demo-1.0-py3-none-any.whl", new string('d', 64));
        var pointer = _source.Root.LocationPointerPath("https://files.example/demo-1.0-py3-none-any.whl");
        // Each file now sits where another key's would: a reader would take it for that key's answer.
        var movedPage = Path.Combine(Path.GetDirectoryName(page)!, Path.GetFileName(page)[..2] + new string('0', 30) + ".zst");
        var movedPointer = Path.Combine(Path.GetDirectoryName(pointer)!, Path.GetFileName(pointer)[..2] + new string('0', 30));
        File.Move(page, movedPage);
        File.Move(pointer, movedPointer);

        var result = await ImportAsync(await ExportAsync());

        result.Rejected.Should().HaveCount(2);
        result.Rejected.Should().Contain(line => line.Contains(Path.GetFileName(movedPage)) && line.Contains("not the key of the request"));
        result.Rejected.Should().Contain(line => line.Contains(Path.GetFileName(movedPointer)) && line.Contains("the location its name is the key of"));
    }

    [Fact]
    public async Task A_built_wheel_travels_without_the_hash_kept_beside_it()
    {
        var built = _source.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        var sdistSha256 = Path.GetFileName(Path.GetDirectoryName(built))!;
        var kept = await new BuiltWheelCache(_source.Root).TryGetAsync(sdistSha256, Path.GetFileName(built), CancellationToken.None);
        File.Exists(kept!.Path + BuiltWheelCache.HashFileSuffix).Should().BeTrue();

        var result = await ImportAsync(await ExportAsync(onlyBuilt: true));

        result.Rejected.Should().BeEmpty();
        var imported = Path.Combine(_target.Root.Bucket(BuiltWheelCache.Bucket), sdistSha256, Path.GetFileName(built));
        Directory.EnumerateFiles(imported).Select(Path.GetFileName).Should().Equal(Path.GetFileName(kept.Path));
        (await new BuiltWheelCache(_target.Root).TryGetAsync(sdistSha256, Path.GetFileName(built), CancellationToken.None))!.Sha256.Should().Be(kept.Sha256);
    }

    [Fact]
    public async Task A_built_wheel_that_is_not_a_zip_is_skipped()
    {
        var built = _source.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        File.WriteAllText(Directory.EnumerateFiles(built).Single(), "not a zip");

        var result = await ImportAsync(await ExportAsync());

        result.Rejected.Should().ContainSingle().Which.Should().Contain("not a valid zip");
        Directory.Exists(_target.Root.Bucket(BuiltWheelCache.Bucket)).Should().BeFalse();
    }

    [Fact]
    public async Task Export_only_built_holds_only_the_built_wheels()
    {
        _source.AddWheel("demo-1.0-py3-none-any.whl");
        _source.AddPage("demo");
        var built = _source.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");

        var result = await ImportAsync(await ExportAsync(onlyBuilt: true));

        result.Published.Should().Be(1);
        PopulatedCache.Snapshot(_target.Root).Keys.Should().ContainSingle()
            .Which.Should().StartWith(Path.GetRelativePath(_source.Root.Path, built));
    }

    [Fact]
    public async Task A_truncated_export_is_refused_and_the_cache_is_unchanged()
    {
        _source.AddWheel("demo-1.0-py3-none-any.whl", payloadBytes: 200_000);
        var archive = await ExportAsync();
        var bytes = await File.ReadAllBytesAsync(archive);
        await File.WriteAllBytesAsync(archive, bytes[..(bytes.Length - 10)]);
        _target.AddWheel("kept-1.0-py3-none-any.whl");
        var before = PopulatedCache.Snapshot(_target.Root);

        var import = () => ImportAsync(archive);

        await import.Should().ThrowAsync<CacheImportException>().WithMessage("*damaged or truncated*");
        PopulatedCache.Snapshot(_target.Root).Should().BeEquivalentTo(before);
        Directory.EnumerateFileSystemEntries(_target.Root.Bucket(CacheRoot.TempBucket)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("/etc/evil", TarEntryType.RegularFile, null, "absolute")]
    [InlineData("wheels-v1/../../evil", TarEntryType.RegularFile, null, "escapes")]
    [InlineData("wheels-v1/link", TarEntryType.SymbolicLink, "/etc", "SymbolicLink")]
    [InlineData("wheels-v1/hard", TarEntryType.HardLink, "/etc/passwd", "HardLink")]
    [InlineData("wheels-v1/dev", TarEntryType.CharacterDevice, null, "CharacterDevice")]
    public async Task A_hostile_member_refuses_the_whole_archive(string name, TarEntryType type, string? linkName, string reason)
    {
        var archive = _source.Scratch("hostile.tar.zst");
        await using (var file = File.Create(archive))
        {
            await using var compressor = new CompressionStream(file);
            await using var tar = new TarWriter(compressor, TarEntryFormat.Pax);
            var good = new PaxTarEntry(TarEntryType.RegularFile, $"simple-v1/ab/ab{new string('0', 62)}.zst")
            {
                DataStream = new MemoryStream(new Compressor().Wrap(Encoding.UTF8.GetBytes("{\"url\":\"https://x/simple/a/\"}\nbody")).ToArray()),
            };
            await tar.WriteEntryAsync(good);
            var hostile = new PaxTarEntry(type, name);
            if (linkName is not null)
            {
                hostile.LinkName = linkName;
            }
            if (type == TarEntryType.RegularFile)
            {
                hostile.DataStream = new MemoryStream([1, 2, 3]);
            }
            await tar.WriteEntryAsync(hostile);
        }
        var before = PopulatedCache.Snapshot(_target.Root);

        var import = () => ImportAsync(archive);

        await import.Should().ThrowAsync<CacheImportException>().WithMessage($"*{reason}*");
        PopulatedCache.Snapshot(_target.Root).Should().BeEquivalentTo(before);
        File.Exists("/etc/evil").Should().BeFalse();
    }
}
