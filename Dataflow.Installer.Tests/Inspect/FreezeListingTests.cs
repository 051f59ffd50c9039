using Dataflow.Installer.Inspect;

namespace Dataflow.Installer.Tests.Inspect;

public sealed class FreezeListingTests
{
    [Fact]
    public void Before_Python_3_12_pip_and_the_seeded_build_backends_are_skipped()
    {
        FreezeListing.Skipped(3, 11, all: false).Should().Contain(["pip", "setuptools", "wheel", "distribute"]);
        FreezeListing.Skipped(3, 12, all: false).Should().Contain("pip").And.NotContain("setuptools");
        FreezeListing.Skipped(3, 11, all: true).Should().NotContain(["pip", "setuptools"]);
    }

    [Fact]
    public async Task Lines_are_sorted_by_lower_cased_name_without_the_skipped_ones()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("pip", "23.2.1");
        site.AddDistInfo("Zope.Thing", "3.0", folder: "Zope.Thing-3.0");
        site.AddDistInfo("alpha", "1.0");
        site.AddDistInfo("odd", "2013b-custom");

        (await FreezeListing.LinesAsync(site.Scan(), FreezeListing.Skipped(3, 11, all: false), CancellationToken.None))
            .Should().Equal("alpha==1.0", "odd===2013b-custom", "Zope.Thing==3.0");
    }

    [Theory]
    [InlineData("{\"url\": \"file:///w/a-1.0-py3-none-any.whl\", \"archive_info\": {\"hash\": \"sha256=ab\", \"hashes\": {\"sha256\": \"ab\"}}}",
        "a @ file:///w/a-1.0-py3-none-any.whl#sha256=ab")]
    [InlineData("{\"url\": \"https://example.invalid/a.tar.gz\", \"archive_info\": {}, \"subdirectory\": \"sub\"}",
        "a @ https://example.invalid/a.tar.gz#subdirectory=sub")]
    [InlineData("{\"url\": \"https://example.invalid/a.git\", \"vcs_info\": {\"vcs\": \"git\", \"commit_id\": \"7f3c\", \"requested_revision\": \"main\"}}",
        "a @ git+https://example.invalid/a.git@7f3c")]
    [InlineData("{\"url\": \"file:///src/a\", \"dir_info\": {}}", "a @ file:///src/a")]
    [InlineData("{\"url\": \"file:///src/a\", \"dir_info\": {\"editable\": true}}", "# Editable install with no version control (a==1.0)\n-e /src/a")]
    public async Task PEP_610_direct_url_installs_freeze_as_direct_references(string directUrl, string expected)
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("a", "1.0", directUrl: directUrl);

        (await FreezeListing.RenderAsync(site.Scan()[0], CancellationToken.None)).Should().Be(expected);
    }

    [Fact]
    public async Task An_invalid_direct_url_json_is_ignored_with_a_warning()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("a", "1.0", directUrl: "{\"url\": \"file:///a\", \"archive_info\": {}, \"dir_info\": {}}");
        var warnings = new List<string>();

        (await FreezeListing.RenderAsync(site.Scan()[0], CancellationToken.None, warnings.Add)).Should().Be("a==1.0");
        warnings.Should().ContainSingle().Which.Should().Contain("direct_url.json");
    }
}
