using Dataflow.Installer.Inspect;

namespace Dataflow.Installer.Tests.Inspect;

public sealed class PackageListingTests
{
    [Fact]
    public void Columns_are_as_wide_as_their_longest_cell_under_a_row_of_dashes()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("requests", "2.31.0");
        site.AddDistInfo("six", "1.16.0");

        var lines = PackageListing.Columns(PackageListing.Listed(site.Scan()));

        lines.Should().Equal(
            "Package  Version",
            "-------- -------",
            "requests 2.31.0",
            "six      1.16.0");
    }

    [Fact]
    public void An_empty_environment_lists_nothing_not_even_the_header()
    {
        PackageListing.Columns([]).Should().BeEmpty();
        PackageListing.Json([]).Should().Be("[]");
    }

    [Fact]
    public void Projects_are_sorted_by_canonical_name_and_standard_library_names_are_left_out()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("zope.other", "1.0");
        site.AddDistInfo("Zope.Thing", "3.0", folder: "Zope.Thing-3.0");
        site.AddDistInfo("Alpha", "1.0");
        site.AddDistInfo("wsgiref", "0.1.2");

        PackageListing.Freeze(PackageListing.Listed(site.Scan())).Should().Equal("Alpha==1.0", "zope.other==1.0", "Zope.Thing==3.0");
    }

    [Fact]
    public void Versions_are_printed_in_their_PEP_440_normal_form_and_legacy_ones_as_written()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("a", "1.0.0-Alpha1");
        site.AddDistInfo("b", "2013b-custom");

        PackageListing.Freeze(PackageListing.Listed(site.Scan())).Should().Equal("a==1.0.0a1", "b==2013b-custom");
    }

    [Fact]
    public void Json_is_written_as_python_json_dumps_writes_it()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("caf\u00e9-tool", "1.0", folder: "cafe_tool-1.0");
        site.AddDistInfo("b\"q", "2", folder: "bq-2");

        PackageListing.Json(PackageListing.Listed(site.Scan()))
            .Should().Be("[{\"name\": \"b\\\"q\", \"version\": \"2\"}, {\"name\": \"caf\\u00e9-tool\", \"version\": \"1.0\"}]");
    }

    [Fact]
    public void Editable_installs_add_pip_s_project_location_column_and_json_key()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("app", "0.1", directUrl: "{\"url\": \"file:///src/app\", \"dir_info\": {\"editable\": true}}");
        site.AddDistInfo("six", "1.16.0");
        var listed = PackageListing.Listed(site.Scan());
        var editables = PackageListing.EditableLocations(listed);

        PackageListing.Columns(listed, editables).Should().Equal(
            "Package Version Editable project location",
            "------- ------- -------------------------",
            "app     0.1     /src/app",
            "six     1.16.0");
        PackageListing.Json(listed, editables).Should().Be(
            "[{\"name\": \"app\", \"version\": \"0.1\", \"editable_project_location\": \"/src/app\"}, {\"name\": \"six\", \"version\": \"1.16.0\"}]");
    }
}
