using Dataflow.Installer.Inspect;

namespace Dataflow.Installer.Tests.Inspect;

public sealed class ProjectReportTests
{
    private static readonly IReadOnlyDictionary<string, string> Linux = new Dictionary<string, string>
    {
        ["python_version"] = "3.11",
        ["sys_platform"] = "linux",
        ["python_full_version"] = "3.11.7",
    };

    [Fact]
    public void Each_project_is_a_block_of_headers_separated_by_three_dashes()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("beta", "1.0", ["Summary: B", "Requires-Dist: Alpha>=1.0", "Requires-Dist: old; python_version < \"3\""]);
        site.AddDistInfo("alpha", "1.0", ["Author: A. Person", "License: MIT"]);

        var (lines, notFound) = ProjectReport.Build(site.Scan(), ["BETA", "alpha"], Linux, listFiles: false);

        notFound.Should().BeEmpty();
        lines.Should().Equal(
            "Name: beta", "Version: 1.0", "Summary: B", "Home-page: ", "Author: ", "Author-email: ", "License: ",
            $"Location: {site.Path}", "Requires: Alpha", "Required-by: ",
            "---",
            "Name: alpha", "Version: 1.0", "Summary: ", "Home-page: ", "Author: A. Person", "Author-email: ", "License: MIT",
            $"Location: {site.Path}", "Requires: ", "Required-by: beta");
    }

    [Fact]
    public void Verbose_adds_metadata_version_installer_classifiers_every_entry_points_line_and_project_urls()
    {
        using var site = new SitePackagesBuilder();
        var info = site.AddDistInfo("gamma", "2.0", ["Classifier: A :: B", "Classifier: C", "Project-URL: Home, https://example.org"]);
        File.WriteAllText(Path.Combine(info, "INSTALLER"), "\n  dfi  \n");
        // pip prints the file's lines as Python's splitlines() gives them: the blank line before the end stays, the final break does not add one.
        File.WriteAllText(Path.Combine(info, "entry_points.txt"), "[console_scripts]\r\n  g = gamma:main\n\n");

        var (lines, _) = ProjectReport.Build(site.Scan(), ["gamma"], Linux, listFiles: false, verbose: true);

        lines.Skip(10).Should().Equal(
            "Metadata-Version: 2.1", "Installer: dfi",
            "Classifiers:", "  A :: B", "  C",
            "Entry-points:", "  [console_scripts]", "  g = gamma:main", "  ",
            "Project-URLs:", "  Home, https://example.org");
    }

    [Fact]
    public void Names_not_installed_are_reported_sorted_and_print_nothing()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("alpha", "1.0");

        var (lines, notFound) = ProjectReport.Build(site.Scan(), ["zed", "Nope"], Linux, listFiles: false);

        lines.Should().BeEmpty();
        notFound.Should().Equal("Nope", "zed");
    }

    [Fact]
    public void Files_are_RECORD_s_paths_normalised_and_sorted()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("a", "1.0", record: "a/__init__.py,sha256=x,1\n\"a/b,c.txt\",sha256=y,2\n../../../bin/a-run,sha256=z,3\na-1.0.dist-info/RECORD,,\n");
        site.AddDistInfo("b", "1.0");

        var (lines, _) = ProjectReport.Build(site.Scan(), ["a", "b"], Linux, listFiles: true);

        lines.SkipWhile(line => line != "Files:").Take(6).Should().Equal(
            "Files:", "  ../../../bin/a-run", "  a-1.0.dist-info/RECORD", "  a/__init__.py", "  a/b,c.txt", "---");
        lines[^1].Should().Be("Cannot locate RECORD or installed-files.txt");
    }
}
