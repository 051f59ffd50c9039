namespace Dataflow.Installer.Tests.Resolve;

public sealed class ResolverTests
{
    [Fact]
    public async Task The_newest_version_wins()
    {
        var index = new FakeResolverProvider().Add("setuptools", "68.0").Add("setuptools", "69.5.1").Add("setuptools", "61.0");

        var resolution = await index.ResolveAsync(["setuptools>=61"]);

        resolution.Pins().Should().Equal("setuptools==69.5.1");
    }

    [Fact]
    public async Task Preferred_versions_are_tried_first_newest_first_then_the_rest()
    {
        var index = new FakeResolverProvider().Add("setuptools", "68.0").Add("setuptools", "69.5.1").Add("setuptools", "61.0").Add("setuptools", "62.0");
        index.Preferred.UnionWith(["setuptools==61.0", "setuptools==62.0"]);

        var preferred = await index.ResolveAsync(["setuptools>=61"]);
        var nonePreferredAllowed = await index.ResolveAsync(["setuptools>=63"]);

        preferred.Pins().Should().Equal("setuptools==62.0");
        nonePreferredAllowed.Pins().Should().Equal("setuptools==69.5.1");
    }

    [Fact]
    public async Task Dependencies_of_dependencies_are_resolved_and_sorted_by_name()
    {
        var index = new FakeResolverProvider()
            .Add("hatchling", "1.25.0", "packaging>=23.2", "pathspec>=0.10.1", "pluggy>=1.0.0", "trove-classifiers")
            .Add("packaging", "24.1").Add("packaging", "23.1")
            .Add("pathspec", "0.12.1")
            .Add("pluggy", "1.5.0")
            .Add("Trove_Classifiers", "2024.7.2");

        var resolution = await index.ResolveAsync(["hatchling"]);

        resolution.Pins().Should().Equal(
            "hatchling==1.25.0", "packaging==24.1", "pathspec==0.12.1", "pluggy==1.5.0", "trove-classifiers==2024.7.2");
    }

    [Fact]
    public async Task Requirements_whose_marker_does_not_hold_are_skipped()
    {
        var index = new FakeResolverProvider()
            .Add("setuptools", "69.0", "tomli>=2; python_version < '3.11'", "wheel; sys_platform == 'linux'")
            .Add("wheel", "0.43.0")
            .Add("pywin32", "306");

        var resolution = await index.ResolveAsync(["setuptools", "pywin32; sys_platform == 'win32'"]);

        resolution.Pins().Should().Equal("setuptools==69.0", "wheel==0.43.0");
    }

    [Fact]
    public async Task An_extra_pulls_in_only_the_rows_marked_with_it()
    {
        var index = new FakeResolverProvider()
            .Add("a", "1.0", "base", "b; extra == 'x'", "c; extra == 'y'", "d; extra == 'x' and python_version < '3'")
            .Add("base", "1.0").Add("b", "1.0").Add("c", "1.0").Add("d", "1.0");

        var resolution = await index.ResolveAsync(["a[X]"]);

        resolution.Pins().Should().Equal("a[x]==1.0", "b==1.0", "base==1.0");
    }

    [Fact]
    public async Task An_extra_the_project_does_not_declare_is_ignored()
    {
        var index = new FakeResolverProvider().Add("a", "1.0", "b; extra == 'x'").Add("b", "1.0");

        var resolution = await index.ResolveAsync(["a[nope]"]);

        resolution.Pins().Should().Equal("a==1.0");
    }

    [Fact]
    public async Task An_extra_requested_after_the_project_was_chosen_adds_its_dependencies()
    {
        var index = new FakeResolverProvider()
            .Add("a", "1.0", "b; extra == 'x'")
            .Add("c", "1.0", "a[x]")
            .Add("b", "1.0");

        var resolution = await index.ResolveAsync(["a", "c"]);

        resolution.Pins().Should().Equal("a[x]==1.0", "b==1.0", "c==1.0");
    }

    [Fact]
    public async Task Pre_releases_are_passed_over_when_a_final_release_satisfies()
    {
        var index = new FakeResolverProvider().Add("foo", "1.0").Add("foo", "2.0b1").Add("foo", "2.0.dev1");

        var resolution = await index.ResolveAsync(["foo"]);

        resolution.Pins().Should().Equal("foo==1.0");
    }

    [Fact]
    public async Task A_specifier_that_names_a_pre_release_accepts_pre_releases()
    {
        var index = new FakeResolverProvider().Add("foo", "1.0").Add("foo", "2.0b1");

        var resolution = await index.ResolveAsync(["foo>=2.0b1"]);

        resolution.Pins().Should().Equal("foo==2.0b1");
    }

    [Fact]
    public async Task A_pre_release_is_chosen_when_no_final_release_satisfies()
    {
        var index = new FakeResolverProvider().Add("foo", "1.0").Add("foo", "2.0rc1").Add("foo", "2.0b1");

        var resolution = await index.ResolveAsync(["foo>=1.5"]);

        resolution.Pins().Should().Equal("foo==2.0rc1");
    }

    [Fact]
    public async Task A_pre_release_named_by_a_dependency_specifier_is_accepted_for_that_project()
    {
        var index = new FakeResolverProvider()
            .Add("a", "1.0", "foo>=3.0a1")
            .Add("foo", "2.0").Add("foo", "3.0a2");

        var resolution = await index.ResolveAsync(["a", "foo"]);

        resolution.Pins().Should().Equal("a==1.0", "foo==3.0a2");
    }

    [Fact]
    public async Task Constraints_narrow_versions_and_add_no_project()
    {
        var index = new FakeResolverProvider()
            .Add("setuptools", "69.0").Add("setuptools", "68.2.2")
            .Add("wheel", "0.43.0");

        var resolution = await index.ResolveAsync(["setuptools>=61"], constraints: ["setuptools<69", "wheel==0.43.0", "cython==3.0; python_version < '3'"]);

        resolution.Pins().Should().Equal("setuptools==68.2.2");
    }

    [Fact]
    public async Task A_conflict_backtracks_to_an_older_version_of_an_earlier_pick()
    {
        // a 2.0 is chosen first, then b's demand on c clashes with a 2.0's: only a 1.0 works.
        var index = new FakeResolverProvider()
            .Add("a", "2.0", "c==1.0").Add("a", "1.0")
            .Add("b", "1.0", "c==2.0")
            .Add("c", "1.0").Add("c", "2.0");

        var resolution = await index.ResolveAsync(["a", "b"]);

        resolution.Pins().Should().Equal("a==1.0", "b==1.0", "c==2.0");
    }

    [Fact]
    public async Task A_later_requirement_on_a_chosen_project_makes_the_search_choose_it_older()
    {
        // x 2.0 is chosen before z (reached through y) asks for x<2.
        var index = new FakeResolverProvider()
            .Add("x", "1.0").Add("x", "2.0")
            .Add("y", "1.0", "z")
            .Add("z", "1.0", "x<2");

        var resolution = await index.ResolveAsync(["x", "y"]);

        resolution.Pins().Should().Equal("x==1.0", "y==1.0", "z==1.0");
    }

    [Fact]
    public async Task Backtracking_skips_a_newest_version_whose_dependency_is_missing()
    {
        var index = new FakeResolverProvider()
            .Add("a", "2.0", "gone>=1").Add("a", "1.0", "b")
            .Add("b", "1.0");

        var resolution = await index.ResolveAsync(["a"]);

        resolution.Pins().Should().Equal("a==1.0", "b==1.0");
    }

    [Fact]
    public async Task A_dependency_cycle_resolves_and_ends()
    {
        var index = new FakeResolverProvider()
            .Add("a", "1.0", "b>=1", "c; extra == 'extra'")
            .Add("b", "1.0", "a")
            .Add("b", "2.0", "a[extra]")
            .Add("c", "1.0", "a");

        var resolution = await index.ResolveAsync(["a"]);

        resolution.Pins().Should().Equal("a[extra]==1.0", "b==2.0", "c==1.0");
        index.MetadataRequests.Values.Should().AllSatisfy(count => count.Should().Be(1));
    }
}
