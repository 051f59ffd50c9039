using Dataflow.Installer.Resolve;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Resolve;

public sealed class ResolverErrorTests
{
    private static async Task<string> FailureAsync(FakeResolverProvider index, string[] roots, string[]? constraints = null, int maxTrials = Resolver.DefaultMaxTrials)
    {
        var act = () => index.ResolveAsync(roots, constraints, maxTrials);
        return (await act.Should().ThrowAsync<ResolutionException>()).Which.Message;
    }

    [Fact]
    public async Task A_dependency_no_index_has_names_the_package_that_requires_it()
    {
        var index = new FakeResolverProvider().Add("hatchling", "1.12.2", "editables", "packaging").Add("packaging", "24.1");

        var message = await FailureAsync(index, ["hatchling"]);

        message.Should().StartWith("hatchling 1.12.2 requires editables, which no index has (hatchling 1.12.2 <- build requirement hatchling)");
    }

    [Fact]
    public async Task When_every_version_fails_the_same_way_the_newest_is_named()
    {
        var index = new FakeResolverProvider().Add("hatchling", "1.12.1", "editables").Add("hatchling", "1.12.2", "editables");

        var message = await FailureAsync(index, ["hatchling"]);

        message.Should().Be(
            "hatchling 1.12.2 requires editables, which no index has (hatchling 1.12.2 <- build requirement hatchling) " +
            "(the same conflict stopped 1 other candidate(s) tried)");
    }

    [Fact]
    public async Task A_missing_build_requirement_is_named()
    {
        var message = await FailureAsync(new FakeResolverProvider(), ["nothing-here>=1"]);

        message.Should().Be("no index has nothing-here>=1 (build requirement)");
    }

    [Fact]
    public async Task A_requirement_no_version_satisfies_names_its_chain_and_the_versions_available()
    {
        var index = new FakeResolverProvider()
            .Add("bar", "1.0", "foo>=3")
            .Add("foo", "1.0").Add("foo", "2.0");

        var message = await FailureAsync(index, ["bar"]);

        message.Should().Be("no version of foo satisfies foo>=3 (required by bar 1.0 <- build requirement bar); available: 1.0, 2.0");
    }

    [Fact]
    public async Task Two_requirements_that_exclude_each_other_are_both_named()
    {
        var index = new FakeResolverProvider()
            .Add("a", "1.0", "foo<2")
            .Add("b", "1.0", "foo>=2")
            .Add("foo", "1.0").Add("foo", "2.0");

        var message = await FailureAsync(index, ["a", "b"]);

        message.Should().Be("foo<2 (required by a 1.0 <- build requirement a) conflicts with foo>=2 (required by b 1.0 <- build requirement b)");
    }

    [Fact]
    public async Task A_conflict_found_on_a_chosen_project_names_both_sides()
    {
        // foo is chosen first; c, reached through a, then asks for a foo that excludes it and every other.
        var index = new FakeResolverProvider()
            .Add("a", "1.0", "c")
            .Add("c", "1.0", "foo<2")
            .Add("foo", "1.0").Add("foo", "2.0");

        var message = await FailureAsync(index, ["foo>=2", "a"]);

        message.Should().Be("foo>=2 (build requirement) conflicts with foo<2 (required by c 1.0 <- a 1.0 <- build requirement a)");
    }

    [Fact]
    public async Task A_cancelled_resolution_stops()
    {
        var index = new FakeResolverProvider().Add("a", "1.0");
        var resolver = new Resolver(index, ResolverTestEnvironment.Linux311);

        var act = () => resolver.ResolveAsync([Requirement.Parse("a")], [], new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task A_constraint_that_excludes_a_requirement_is_named()
    {
        var index = new FakeResolverProvider().Add("setuptools", "69.0").Add("setuptools", "60.0");

        var message = await FailureAsync(index, ["setuptools>=61"], constraints: ["setuptools<61"]);

        message.Should().Be("setuptools>=61 (build requirement) conflicts with setuptools<61 (build constraint)");
    }

    [Fact]
    public async Task A_url_build_requirement_is_refused_by_name()
    {
        var message = await FailureAsync(new FakeResolverProvider(), ["foo @ https://example.org/foo-1.0-py3-none-any.whl"]);

        message.Should().Contain("foo @ https://example.org/foo-1.0-py3-none-any.whl").And.Contain("URL requirement");
    }

    [Fact]
    public async Task A_url_dependency_is_refused_with_its_chain()
    {
        var index = new FakeResolverProvider().Add("bar", "1.0", "foo @ https://example.org/foo.tar.gz");

        var message = await FailureAsync(index, ["bar"]);

        message.Should().Contain("foo @ https://example.org/foo.tar.gz (required by bar 1.0 <- build requirement bar)");
    }

    [Fact]
    public async Task The_search_gives_up_after_its_trial_bound()
    {
        var index = new FakeResolverProvider();
        for (var minor = 0; minor < 10; minor++)
        {
            index.Add("a", $"1.{minor}", "gone");
        }

        var message = await FailureAsync(index, ["a"], maxTrials: 3);

        message.Should().StartWith("gave up resolving after 3 candidate trials; the last conflict: a 1.7 requires gone, which no index has");
    }
}
