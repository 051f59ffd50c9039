using Dataflow.Installer.Environments;

namespace Dataflow.Installer.Tests.Environments;

public sealed class SitePackagesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dfi-site-" + Guid.NewGuid().ToString("N")[..8]);

    public SitePackagesTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public void Only_metadata_folders_count_not_modules_or_a_file_named_like_a_dist_info()
    {
        Folder("pkg");
        File.WriteAllText(Path.Combine(_root, "module.py"), "");
        File.WriteAllText(Path.Combine(_root, "stray-1.0.dist-info"), "");
        Folder("Upper-2.0.DIST-INFO");

        var found = SitePackages.ReadInstalled(_root, _root);

        found.Should().BeEquivalentTo(new[] { new InstalledDistribution("Upper", "2.0", Path.Combine(_root, "Upper-2.0.DIST-INFO")) });
    }

    [Fact]
    public void Dist_info_folder_names_give_name_and_version_without_reading_files()
    {
        Folder("Zope.Interface-6.0.dist-info");
        Folder("typing_extensions-4.8.0.dist-info");
        Folder("pkg");

        var found = SitePackages.ReadInstalled(_root, _root);

        found.Should().BeEquivalentTo(new[]
        {
            new InstalledDistribution("Zope.Interface", "6.0", Path.Combine(_root, "Zope.Interface-6.0.dist-info")),
            new InstalledDistribution("typing_extensions", "4.8.0", Path.Combine(_root, "typing_extensions-4.8.0.dist-info")),
        });
    }

    [Fact]
    public void A_platlib_reached_through_a_lib64_link_to_lib_is_the_same_folder_and_read_once()
    {
        // A venv of a Python built with platlibdir=lib64, as Fedora's: platlib is venv/lib64/..., and lib64 links to lib.
        var purelib = Folder(Path.Combine("lib", "python3.11", "site-packages"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "lib64"), "lib");
        Folder(Path.Combine("lib", "python3.11", "site-packages", "alpha-1.0.dist-info"));

        var found = SitePackages.ReadInstalled(purelib, Path.Combine(_root, "lib64", "python3.11", "site-packages"));

        found.Should().ContainSingle().Which.Name.Should().Be("alpha");
    }

    [Fact]
    public void An_ambiguous_folder_name_falls_back_to_METADATA()
    {
        var folder = Folder("old-style-name-1.0.dist-info");
        File.WriteAllText(Path.Combine(folder, "METADATA"), "Metadata-Version: 2.1\nName: old-style-name\nVersion: 1.0\n\nName: not this\n");

        SitePackages.ReadInstalled(_root, _root).Should().ContainSingle()
            .Which.Should().Be(new InstalledDistribution("old-style-name", "1.0", folder));
    }

    [Fact]
    public void Egg_info_folders_and_files_are_marked_as_such()
    {
        Folder("legacy-2.1-py3.11.egg-info");
        var developFolder = Folder("develop.egg-info");
        File.WriteAllText(Path.Combine(developFolder, "PKG-INFO"), "Metadata-Version: 1.1\nName: Develop\nVersion: 0.1.dev0\n");
        File.WriteAllText(Path.Combine(_root, "single-3.0-py3.11.egg-info"), "Metadata-Version: 1.0\nName: single\nVersion: 3.0\n");

        SitePackages.ReadInstalled(_root, _root).Select(d => (d.Name, d.Version, d.IsEggInfo)).Should().BeEquivalentTo(new[]
        {
            ("legacy", "2.1", true),
            ("Develop", "0.1.dev0", true),
            ("single", "3.0", true),
        });
    }

    [Fact]
    public void An_egg_link_is_read_as_the_develop_install_of_the_project_it_points_at()
    {
        var site = Folder("site");
        var eggInfo = Folder(Path.Combine("project", "src", "my_pkg.egg-info"));
        File.WriteAllText(Path.Combine(eggInfo, "PKG-INFO"), "Metadata-Version: 2.1\nName: my-pkg\nVersion: 0.3\n");
        Folder(Path.Combine("project", "src", "other.egg-info"));
        // setuptools writes the folder, then the path back to the project: the first line is what counts.
        File.WriteAllText(Path.Combine(site, "my-pkg.egg-link"), Path.Combine(_root, "project", "src") + "\n../");

        SitePackages.ReadInstalled(site, site).Should().ContainSingle().Which.Should().Be(
            new InstalledDistribution("my-pkg", "0.3", eggInfo, IsEggInfo: true, EggLink: Path.Combine(site, "my-pkg.egg-link")));
    }

    [Fact]
    public void An_egg_links_first_non_empty_line_names_the_folder_relative_to_site_packages()
    {
        var site = Folder("site");
        var eggInfo = Folder(Path.Combine("checkout", "Rel.egg-info"));
        File.WriteAllText(Path.Combine(eggInfo, "PKG-INFO"), "Metadata-Version: 1.1\nName: Rel\nVersion: 1.0\n");
        File.WriteAllText(Path.Combine(site, "Rel.egg-link"), "\n  \n../checkout\n.");

        SitePackages.ReadInstalled(site, site).Should().ContainSingle().Which.DistInfoPath.Should().Be(eggInfo);
    }

    [Fact]
    public void An_egg_link_whose_project_or_metadata_is_gone_is_not_an_installed_distribution()
    {
        var site = Folder("site");
        File.WriteAllText(Path.Combine(site, "gone.egg-link"), Path.Combine(_root, "gone") + "\n.");
        Folder("bare");
        File.WriteAllText(Path.Combine(site, "bare.egg-link"), Path.Combine(_root, "bare") + "\n.");
        File.WriteAllText(Path.Combine(site, "empty.egg-link"), "");

        SitePackages.ReadInstalled(site, site).Should().BeEmpty();
    }

    [Fact]
    public void Distinct_purelib_and_platlib_are_both_scanned_and_missing_ones_ignored()
    {
        var purelib = Folder("purelib");
        var platlib = Folder("platlib");
        Directory.CreateDirectory(Path.Combine(purelib, "a-1.dist-info"));
        Directory.CreateDirectory(Path.Combine(platlib, "b-2.dist-info"));

        SitePackages.ReadInstalled(purelib, platlib).Select(d => d.Name).Should().BeEquivalentTo("a", "b");
        SitePackages.ReadInstalled(Path.Combine(_root, "missing"), purelib).Select(d => d.Name).Should().Equal("a");
    }

    private string Metadata(string text)
    {
        var path = Path.Combine(_root, "METADATA-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\nbody\n")]
    [InlineData("Metadata-Version: 2.1\r\nName: demo\r\nVersion: 1.0\r\n\r\nbody\r\n")]
    [InlineData("Metadata-Version: 2.1\rName:  demo \rversion: 1.0")]
    [InlineData("\uFEFFname: demo\nVERSION: 1.0\n")]
    public void Name_and_version_are_read_from_the_header_block_with_any_line_ending(string text)
    {
        SitePackages.ReadNameAndVersion(Metadata(text)).Should().Be(("demo", "1.0"));
    }

    [Fact]
    public void A_version_in_the_body_after_the_blank_line_is_not_a_header()
    {
        SitePackages.ReadNameAndVersion(Metadata("Name: demo\n\nVersion: 1.0\n")).Should().BeNull();
    }

    [Theory]
    [InlineData(4073)] // "Name: demo\r\n" (12 bytes) + "Summary: " (9) + 4073 + CRLF: the line ends where the first 4096 bytes end
    [InlineData(4074)] // the first 4096 bytes end between the CR and the LF
    [InlineData(6000)] // the Summary line runs past them
    public void A_header_block_longer_than_the_head_is_read_to_its_version(int summaryLength)
    {
        var text = "Name: demo\r\nSummary: " + new string('s', summaryLength) + "\r\nVersion: 1.0\r\n\r\nbody\r\n";

        SitePackages.ReadNameAndVersion(Metadata(text)).Should().Be(("demo", "1.0"));
    }
}
