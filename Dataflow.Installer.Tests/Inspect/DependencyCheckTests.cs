using Dataflow.Installer.Inspect;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Inspect;

public sealed class DependencyCheckTests
{
    [Fact]
    public void A_consistent_environment_has_no_broken_requirements()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("beta", "1.0", ["Requires-Dist: alpha>=1.0"]);
        site.AddDistInfo("alpha", "1.0");

        var check = DependencyCheck.Run(site.Scan(), MarkerEnvironments.Linux311);

        check.Broken.Should().BeFalse();
        check.Lines.Should().Equal("No broken requirements found.");
    }

    [Fact]
    public void Missing_requirements_come_before_conflicts_in_pip_s_words()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("Theta", "1.0", ["Requires-Dist: alpha>=2.0", "Requires-Dist: Missing_Dep (>=1.0)", "Requires-Dist: another"]);
        site.AddDistInfo("alpha", "1.0");

        var check = DependencyCheck.Run(site.Scan(), MarkerEnvironments.Linux311);

        check.Broken.Should().BeTrue();
        check.Lines.Should().Equal(
            "theta 1.0 requires another, which is not installed.",
            "theta 1.0 requires missing-dep, which is not installed.",
            "theta 1.0 has requirement alpha>=2.0, but you have alpha 1.0.");
    }

    [Fact]
    public void Requirements_whose_marker_is_false_or_that_need_an_extra_are_not_checked()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("a", "1.0", ["Requires-Dist: old; python_version < \"3\"", "Requires-Dist: fast[x]>=1; extra == \"speed\"", "Requires-Dist: win; sys_platform == \"win32\""]);

        DependencyCheck.Run(site.Scan(), MarkerEnvironments.Linux311).Lines.Should().Equal("No broken requirements found.");
    }

    [Fact]
    public void An_installed_pre_release_meets_a_range_that_contains_it()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("iota", "1.0", ["Requires-Dist: theta>=1.0"]);
        site.AddDistInfo("theta", "2.0b1");

        DependencyCheck.Run(site.Scan(), MarkerEnvironments.Linux311).Broken.Should().BeFalse();
    }

    [Fact]
    public void A_project_whose_requirements_cannot_be_read_fails_the_check_and_is_treated_as_absent()
    {
        using var site = new SitePackagesBuilder();
        site.AddDistInfo("bad", "1.0", ["Requires-Dist: not a requirement !!"]);
        site.AddDistInfo("user", "1.0", ["Requires-Dist: bad"]);
        var warnings = new List<string>();

        var check = DependencyCheck.Run(site.Scan(), MarkerEnvironments.Linux311, warnings.Add);

        check.Broken.Should().BeTrue();
        check.Lines.Should().Equal("user 1.0 requires bad, which is not installed.");
        warnings.Should().ContainSingle().Which.Should().StartWith("Error parsing requirements for bad");
    }
}
