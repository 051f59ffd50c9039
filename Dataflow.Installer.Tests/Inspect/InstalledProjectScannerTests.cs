using Dataflow.Installer.Inspect;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Inspect;

public sealed class InstalledProjectScannerTests
{
    [Fact]
    public void Names_come_from_METADATA_and_canonical_names_from_the_folder()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("Zope.Thing", "3.0", folder: "Zope.Thing-3.0");

        var project = site.Scan().Should().ContainSingle().Subject;

        project.Name.Should().Be("Zope.Thing");
        project.CanonicalName.Should().Be("zope-thing");
        project.Location.Should().Be(site.Path);
    }

    [Fact]
    public void Leftover_folders_with_invalid_names_are_ignored_with_a_warning()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("matplotlib", "3.0", folder: "~atplotlib-3.0");
        var warnings = new List<string>();

        site.Scan(warnings).Should().BeEmpty();
        warnings.Should().ContainSingle().Which.Should().Contain("~atplotlib");
    }

    [Fact]
    public void A_metadata_folder_without_a_Name_is_skipped()
    {
        using var site = new SitePackagesBuilder();
        var info = site.AddDistInfo("a", "1.0");
        File.WriteAllText(Path.Combine(info, "METADATA"), "Metadata-Version: 2.1\nVersion: 1.0\n");

        site.Scan().Should().BeEmpty();
    }

    [Fact]
    public void The_first_of_two_folders_for_one_name_wins()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("a", "1.0");
        site.AddDistInfo("a", "2.0");

        site.Scan().Should().ContainSingle();
    }

    [Fact]
    public void An_egg_info_requires_txt_becomes_Requires_Dist_with_markers_as_pip_writes_them()
    {
        using var site = new SitePackagesBuilder();
        var info = Path.Combine(site.Path, "legacy-1.0-py3.11.egg-info");
        Directory.CreateDirectory(info);
        File.WriteAllText(Path.Combine(info, "PKG-INFO"), "Metadata-Version: 1.1\nName: legacy\nVersion: 1.0\n");
        File.WriteAllText(Path.Combine(info, "requires.txt"), "six\n\n[:python_version < \"3.8\"]\nimportlib-metadata\n\n[Test Suite]\npytest\n\n[docs:sys_platform == \"win32\"]\ncolorama\n");

        var project = site.Scan().Should().ContainSingle().Subject;

        project.Metadata.GetAll("Requires-Dist").Should().Equal(
            "six",
            "importlib-metadata ; python_version < \"3.8\"",
            "pytest ; extra == \"test_suite\"",
            "colorama ; (sys_platform == \"win32\") and extra == \"docs\"");
    }

    [Fact]
    public void An_egg_links_folder_is_scanned_right_after_the_folder_holding_the_link_even_without_a_pth_line()
    {
        using var site = new SitePackagesBuilder();
        using var later = new SitePackagesBuilder();
        using var project = new TemporaryDirectory();
        site.AddDistInfo("alpha", "1.0");
        later.AddDistInfo("beta", "1.0");
        var eggInfo = project.Combine("src", "Demo.Pkg.egg-info");
        Directory.CreateDirectory(eggInfo);
        File.WriteAllText(Path.Combine(eggInfo, "PKG-INFO"), "Metadata-Version: 2.1\nName: Demo.Pkg\nVersion: 1.2\n");
        // The first non-empty line counts, relative to the folder holding the link.
        File.WriteAllText(Path.Combine(site.Path, "Demo.Pkg.egg-link"), "\n" + Path.GetRelativePath(site.Path, project.Combine("src")) + "\n../\n");
        File.WriteAllText(Path.Combine(later.Path, "Gone.egg-link"), project.Combine("nothing-here") + "\n");

        var projects = InstalledProjectScanner.Scan([site.Path, later.Path]);

        projects.Select(p => p.Name).Should().Equal("alpha", "Demo.Pkg", "beta");
        var develop = projects[1];
        develop.Location.Should().Be(project.Combine("src"));
        develop.EggLink.Should().Be(Path.Combine(site.Path, "Demo.Pkg.egg-link"));
        develop.EditableLocation(directUrl: null).Should().Be(project.Combine("src"), "pip shows a develop install's folder as its project location");
        projects[0].EditableLocation(directUrl: null).Should().BeNull();
    }
}
