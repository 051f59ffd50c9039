using Dataflow.Installer.Cache;
using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

public sealed class FileLinkerTests
{
    [Fact]
    public async Task A_source_given_as_folder_and_relative_path_is_linked_like_the_joined_path()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "pkg", "caf\u00e9"));
        File.WriteAllText(Path.Combine(tree, "pkg", "caf\u00e9", "m.py"), "x = 1\n");
        var target = root.Combine("env", "pkg", "caf\u00e9", "m.py");
        var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { });

        linker.Place(tree, "pkg/caf\u00e9/m.py", target);

        File.ReadAllText(target).Should().Be("x = 1\n");
        var source = await LinkTargets.StatAsync(Path.Combine(tree, "pkg", "caf\u00e9", "m.py"));
        (await LinkTargets.StatAsync(target)).Should().Be((source.Inode, 2), "the target is a second name of the cache file");
    }

    [Fact]
    public void An_existing_target_is_replaced_not_written_through_when_the_source_comes_in_two_parts()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "a.py"), "new\n");
        var target = root.Combine("env", "a.py");
        Directory.CreateDirectory(root.Combine("env"));
        var other = root.Combine("other.py");
        File.WriteAllText(other, "old\n");
        LibC.Link(other, target).Should().Be(0);
        var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { });

        linker.Place(tree, "a.py", target);

        File.ReadAllText(target).Should().Be("new\n");
        File.ReadAllText(other).Should().Be("old\n", "the file the old name was linked to is not written through");
        Directory.GetFiles(root.Combine("env")).Should().Equal(target);
    }

    [Fact]
    public void Linking_from_two_parts_reports_the_errno_of_a_missing_source()
    {
        using var root = new TemporaryDirectory();

        LibC.Link(root.Path, "missing.py", root.Combine("made.py")).Should().Be(LibC.ENOENT);
        File.Exists(root.Combine("made.py")).Should().BeFalse();
    }

    [Fact]
    public void A_cache_file_changed_after_its_entry_was_checked_is_named_when_given_in_two_parts()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "pkg"));
        File.WriteAllText(Path.Combine(tree, "pkg", "a.py"), "a\n");
        var manifest = EntryManifest.Capture(tree, ["pkg/a.py"]);

        manifest.Mismatch("pkg/a.py", tree, "pkg/a.py").Should().BeNull();
        File.AppendAllText(Path.Combine(tree, "pkg", "a.py"), "more\n");

        manifest.Mismatch("pkg/a.py", tree, "pkg/a.py").Should().StartWith("'pkg/a.py':");
        manifest.Mismatch("other.py", tree, "other.py").Should().Contain("not in the entry's manifest");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_generated_file_at_a_new_name_is_written_there_with_its_mode_and_nothing_else_is_left()
    {
        using var root = new TemporaryDirectory();
        var target = root.Combine("env", "bin", "tool");
        var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { });

        linker.Write(target, "#!/env/bin/python\n"u8, PipFileModes.Executable);

        File.ReadAllText(target).Should().Be("#!/env/bin/python\n");
        File.GetUnixFileMode(target).Should().Be(PipFileModes.Executable);
        Directory.GetFiles(root.Combine("env", "bin")).Should().Equal(target);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_generated_file_over_a_name_hard_linked_elsewhere_replaces_the_name_and_leaves_the_other_file_alone()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root.Combine("env"));
        var cacheFile = root.Combine("cached-RECORD");
        File.WriteAllText(cacheFile, "cached\n");
        var target = root.Combine("env", "RECORD");
        LibC.Link(cacheFile, target).Should().Be(0);
        var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { });

        linker.Write(target, "generated\n"u8, PipFileModes.Plain);

        File.ReadAllText(target).Should().Be("generated\n");
        File.ReadAllText(cacheFile).Should().Be("cached\n");
        File.GetUnixFileMode(target).Should().Be(PipFileModes.Plain);
        Directory.GetFiles(root.Combine("env")).Should().Equal(target);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Below_a_held_root_folders_are_made_and_files_linked_by_paths_relative_to_it()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "pkg", "caf\u00e9"));
        File.WriteAllText(Path.Combine(tree, "pkg", "caf\u00e9", "m.py"), "x = 1\n");
        var sitePackages = root.Combine("env", "lib", "site-packages");
        Directory.CreateDirectory(sitePackages);
        var target = Path.Combine(sitePackages, "pkg", "caf\u00e9", "deep", "m.py");
        using var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { }, roots: [root.Combine("env"), sitePackages + "/"]);

        linker.Place(tree, "pkg/caf\u00e9/m.py", target);

        linker.SourceFolder(tree)!.Path.Should().Be(tree, "the wheel's folder is held while its files are linked");
        File.ReadAllText(target).Should().Be("x = 1\n");
        var source = await LinkTargets.StatAsync(Path.Combine(tree, "pkg", "caf\u00e9", "m.py"));
        (await LinkTargets.StatAsync(target)).Should().Be((source.Inode, 2), "the target is a second name of the cache file");
        Directory.GetDirectories(sitePackages, "*", SearchOption.AllDirectories).Should().BeEquivalentTo(
            [Path.Combine(sitePackages, "pkg"), Path.Combine(sitePackages, "pkg", "caf\u00e9"), Path.Combine(sitePackages, "pkg", "caf\u00e9", "deep")]);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_missing_root_is_made_when_a_target_lies_below_it_and_targets_outside_every_root_are_placed_by_whole_path()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "h.h"), "int x;\n");
        File.WriteAllText(Path.Combine(tree, "o.txt"), "o\n");
        var headers = root.Combine("env", "include", "site", "demo");
        using var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { }, roots: [headers]);

        linker.Place(tree, "h.h", Path.Combine(headers, "h.h"));
        linker.Place(tree, "o.txt", root.Combine("elsewhere", "o.txt"));

        File.ReadAllText(Path.Combine(headers, "h.h")).Should().Be("int x;\n");
        File.ReadAllText(root.Combine("elsewhere", "o.txt")).Should().Be("o\n");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_file_where_a_folder_below_a_root_must_go_is_refused_naming_the_folder()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "m.py"), "x\n");
        var sitePackages = root.Combine("site-packages");
        Directory.CreateDirectory(sitePackages);
        File.WriteAllText(Path.Combine(sitePackages, "pkg"), "a file, not a folder\n");
        using var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { }, roots: [sitePackages]);

        var place = () => linker.Place(tree, "m.py", Path.Combine(sitePackages, "pkg", "sub", "m.py"));

        place.Should().Throw<IOException>().WithMessage($"*'{Path.Combine(sitePackages, "pkg")}'*a file is in its place*");
        File.ReadAllText(Path.Combine(sitePackages, "pkg")).Should().Be("a file, not a folder\n");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_folder_reached_through_a_symlink_below_a_root_is_used_as_it_is()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "m.py"), "x\n");
        var prefix = root.Combine("env");
        Directory.CreateDirectory(Path.Combine(prefix, "lib"));
        File.CreateSymbolicLink(Path.Combine(prefix, "lib64"), "lib");
        using var linker = new FileLinker(LinkMode.Hardlink, () => false, () => { }, roots: [prefix]);

        linker.Place(tree, "m.py", Path.Combine(prefix, "lib64", "m.py"));

        File.ReadAllText(Path.Combine(prefix, "lib", "m.py")).Should().Be("x\n");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_cache_file_is_checked_from_its_held_wheel_folder_as_from_its_whole_path()
    {
        using var root = new TemporaryDirectory();
        var tree = root.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "pkg"));
        File.WriteAllText(Path.Combine(tree, "pkg", "a.py"), "a\n");
        var manifest = EntryManifest.Capture(tree, ["pkg/a.py"]);
        using var folder = FolderHandle.TryOpen(tree, out _)!;

        manifest.Mismatch("pkg/a.py", folder, "pkg/a.py").Should().BeNull();
        File.AppendAllText(Path.Combine(tree, "pkg", "a.py"), "more\n");

        manifest.Mismatch("pkg/a.py", folder, "pkg/a.py").Should().Be(manifest.Mismatch("pkg/a.py", tree, "pkg/a.py")).And.StartWith("'pkg/a.py': it is 7 bytes");
        File.Delete(Path.Combine(tree, "pkg", "a.py"));
        manifest.Mismatch("pkg/a.py", folder, "pkg/a.py").Should().Be("'pkg/a.py': it is missing");
    }
}
