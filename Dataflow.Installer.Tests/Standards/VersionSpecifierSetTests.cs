using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class VersionSpecifierSetTests
{
    private static IEnumerable<PackageVersion> Versions(params string[] texts) => texts.Select(PackageVersion.Parse);

    [Theory]
    [InlineData(">=1.0,<2.0", "1.5", true)]
    [InlineData(">=1.0,<2.0", "2.0", false)]
    [InlineData(">=1.0, !=1.3.4.*, <2.0", "1.3.4.1", false)]
    [InlineData(">=1.0, !=1.3.4.*, <2.0", "1.3.5", true)]
    [InlineData("~= 0.9, >= 1.0, != 1.3.4.*, < 2.0", "1.3", false)]
    [InlineData("~= 1.0, >= 1.0, != 1.3.4.*, < 2.0", "1.3", true)]
    [InlineData(">=3,<2", "2.5", false)]
    public void All_clauses_must_match(string set, string version, bool expected)
    {
        VersionSpecifierSet.Parse(set).Contains(PackageVersion.Parse(version)).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void The_empty_set_matches_every_final_release(string text)
    {
        var set = VersionSpecifierSet.Parse(text);

        set.IsEmpty.Should().BeTrue();
        set.Should().BeSameAs(VersionSpecifierSet.Any);
        set.Contains(PackageVersion.Parse("0.0.1")).Should().BeTrue();
        set.Contains(PackageVersion.Parse("99!1.0.post1+local")).Should().BeTrue();
        set.Contains(PackageVersion.Parse("1.0a1")).Should().BeFalse();
        set.Contains(PackageVersion.Parse("1.0a1"), includePrereleases: true).Should().BeTrue();
        set.ToString().Should().BeEmpty();
    }

    [Theory]
    [InlineData(">=1.0", false)]
    [InlineData(">=1.0,<2.0b1", true)]
    [InlineData("!=2.0a1", false)]
    [InlineData("<=2.0.dev1", true)]
    [InlineData("", false)]
    public void A_set_allows_pre_releases_when_a_clause_names_one(string set, bool allows)
    {
        var parsed = VersionSpecifierSet.Parse(set);
        parsed.AllowsPrereleases.Should().Be(allows);
        parsed.Contains(PackageVersion.Parse("1.5rc1")).Should().Be(allows);
    }

    [Fact]
    public void Filter_keeps_final_releases_in_order_and_drops_pre_releases()
    {
        var set = VersionSpecifierSet.Parse(">=1.0");

        set.Filter(Versions("0.9", "2.0", "1.0", "2.1a1", "1.5"))
            .Select(v => v.ToString()).Should().Equal("2.0", "1.0", "1.5");
    }

    [Theory]
    [InlineData("", "2.0a1 2.0b1", "2.0a1 2.0b1")]
    [InlineData("", "2.0a1 0.1 2.0b1", "0.1")]
    [InlineData(">=1.0", "2.0a1 0.1 2.0b1", "2.0a1 2.0b1")]
    [InlineData("<3", "2.0a1 0.1 2.0b1", "0.1")]
    [InlineData(">=3", "2.0a1 0.1 2.0b1", "")]
    public void Filter_falls_back_to_pre_releases_when_nothing_else_matches(string set, string available, string expected)
    {
        VersionSpecifierSet.Parse(set).Filter(Versions(available.Split(' ')))
            .Select(v => v.ToString()).Should().Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Filter_uses_pre_releases_only_as_a_last_resort()
    {
        var set = VersionSpecifierSet.Parse(">=1.0");

        set.Filter(Versions("2.0a1", "2.0b1")).Select(v => v.ToString()).Should().Equal("2.0a1", "2.0b1");
        set.Filter(Versions("2.0a1", "2.0b1"), includePrereleases: false).Should().BeEmpty();
        set.Filter(Versions("1.0", "2.0a1"), includePrereleases: true).Select(v => v.ToString()).Should().Equal("1.0", "2.0a1");
    }

    [Theory]
    [InlineData("==1.0", "1.0")]
    [InlineData("== 1.0.0", "1.0.0")]
    [InlineData("===1.0", "1.0")]
    [InlineData("==1.0+local", "1.0+local")]
    public void A_single_equality_without_wildcard_is_an_exact_pin(string set, string pinned)
    {
        VersionSpecifierSet.Parse(set).TryGetExactPin(out var version).Should().BeTrue();
        version!.ToString().Should().Be(pinned);
    }

    [Theory]
    [InlineData("==1.0.*")]
    [InlineData(">=1.0")]
    [InlineData("==1.0,<2")]
    [InlineData("===foobar")]
    [InlineData("")]
    public void Other_sets_are_not_exact_pins(string set)
    {
        VersionSpecifierSet.Parse(set).TryGetExactPin(out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(">=1.0 ,<2", "<2,>=1.0")]
    [InlineData("<2, >=1.0, <2", "<2,>=1.0")]
    [InlineData("~=1.0RC1", "~=1.0rc1")]
    public void Sets_render_sorted_normalised_and_without_repeats(string set, string rendered)
    {
        VersionSpecifierSet.Parse(set).ToString().Should().Be(rendered);
    }

    [Fact]
    public void Sets_that_render_alike_are_equal()
    {
        VersionSpecifierSet.Parse(">=1.0,<2").Should().Be(VersionSpecifierSet.Parse("<2 , >= 1.0"));
    }

    [Theory]
    [InlineData(">=1.0,")]
    [InlineData(",>=1.0")]
    [InlineData(">=1.0,,<2")]
    [InlineData(">=1.0;<2")]
    [InlineData("1.0")]
    public void Malformed_sets_are_refused(string text)
    {
        VersionSpecifierSet.TryParse(text, out _).Should().BeFalse();
        var parse = () => VersionSpecifierSet.Parse(text);
        parse.Should().Throw<FormatException>();
    }
}
