using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class VersionSpecifierTests
{
    private static bool Matches(string specifier, string version) =>
        VersionSpecifier.Parse(specifier).Contains(PackageVersion.Parse(version), includePrereleases: true);

    [Theory]
    // PEP 440 "Version matching": 1.1.post1 against three clauses.
    [InlineData("==1.1", "1.1.post1", false)]
    [InlineData("==1.1.post1", "1.1.post1", true)]
    [InlineData("==1.1.*", "1.1.post1", true)]
    // Zero padding.
    [InlineData("==1.1", "1.1.0", true)]
    [InlineData("==1.1.0", "1.1", true)]
    [InlineData("==1.1", "1.1a1", false)]
    [InlineData("==1.0.0.*", "1.0", true)]
    [InlineData("==1.0.*", "1.post1", true)]
    [InlineData("==1.0.*", "1", true)]
    // Local versions: a public specifier ignores the candidate's label, a local one does not.
    [InlineData("==1.0", "1.0+local", true)]
    [InlineData("==1.0+local", "1.0+local", true)]
    [InlineData("==1.0+local", "1.0", false)]
    [InlineData("==1.0+local", "1.0+other", false)]
    [InlineData("!=1.0", "1.0+local", false)]
    [InlineData("!=1.0+local", "1.0", true)]
    // Wildcards.
    [InlineData("==1.*", "1.9.9", true)]
    [InlineData("==1.*", "2.0", false)]
    [InlineData("==1.1.*", "1.10", false)]
    [InlineData("==1.1.*", "1.1a1", true)]
    [InlineData("==1.1.*", "1.1.dev1", true)]
    [InlineData("==1.1.*", "1.1+local", true)]
    [InlineData("==2.*", "1!2.0", false)]
    [InlineData("==1!2.*", "1!2.5", true)]
    [InlineData("!=1.1.*", "1.1.post1", false)]
    [InlineData("!=1.1.*", "1.2", true)]
    // Inclusive ordered comparison ignores local labels.
    [InlineData("<=1.0", "1.0+local", true)]
    [InlineData(">=1.0", "1.0+local", true)]
    [InlineData(">=1.0", "1.0.dev1", false)]
    [InlineData("<=2.0", "2.0.post1", false)]
    // PEP 440 "Exclusive ordered comparison" examples.
    [InlineData(">1.7", "1.7.1", true)]
    [InlineData(">1.7", "1.7.0.post1", false)]
    [InlineData(">1.7.post2", "1.7.1", true)]
    [InlineData(">1.7.post2", "1.7.0.post3", true)]
    [InlineData(">1.7.post2", "1.7.0", false)]
    [InlineData(">1.7", "1.7+local", false)]
    [InlineData(">1.7", "1.7.1+local", true)]
    [InlineData(">1.7", "1.8a1", true)]
    [InlineData("<3.1", "3.1.dev0", false)]
    [InlineData("<3.1", "3.1a1", false)]
    [InlineData("<3.1", "3.0.5", true)]
    [InlineData("<3.1", "3.0a1", true)]
    [InlineData("<3.1rc1", "3.1a1", true)]
    [InlineData("<3.1rc1", "3.1rc1", false)]
    [InlineData("<3.1", "3.1+local", false)]
    [InlineData("<1.0", "1.0", false)]
    // Epochs.
    [InlineData(">=2.0", "1!1.0", true)]
    [InlineData("<2.0", "1!1.0", false)]
    // Arbitrary equality compares the normalised text.
    [InlineData("===1.0", "1.0", true)]
    [InlineData("===1.0", "1.0.0", false)]
    [InlineData("===1.0", "1.0+local", false)]
    [InlineData("===1.0RC1", "1.0rc1", true)]
    public void Clauses_match_as_PEP_440_says(string specifier, string version, bool expected)
    {
        Matches(specifier, version).Should().Be(expected);
    }

    [Theory]
    // PEP 440 "Compatible release": each ~= clause against its spelled-out equivalent.
    [InlineData("~=2.2", ">=2.2,==2.*")]
    [InlineData("~=1.4.5", ">=1.4.5,==1.4.*")]
    [InlineData("~=2.2.post3", ">=2.2.post3,==2.*")]
    [InlineData("~=1.4.5a4", ">=1.4.5a4,==1.4.*")]
    [InlineData("~=2.2.0", ">=2.2.0,==2.2.*")]
    [InlineData("~=1.4.5.0", ">=1.4.5.0,==1.4.5.*")]
    [InlineData("~=1!2.2", ">=1!2.2,==1!2.*")]
    public void Compatible_release_is_the_PEP_440_pair_of_clauses(string compatible, string equivalent)
    {
        var left = VersionSpecifierSet.Parse(compatible);
        var right = VersionSpecifierSet.Parse(equivalent);
        string[] candidates =
        [
            "1.4.4", "1.4.5a3", "1.4.5a4", "1.4.5", "1.4.5.0", "1.4.5.1", "1.4.6", "1.5", "2.1", "2.2", "2.2.0",
            "2.2.post2", "2.2.post3", "2.2.1", "2.3", "3.0", "1!2.2", "1!2.9", "1!3.0",
        ];

        foreach (var candidate in candidates.Select(PackageVersion.Parse))
        {
            left.Contains(candidate, includePrereleases: true).Should().Be(
                right.Contains(candidate, includePrereleases: true), "{0} should agree for {1}", compatible, candidate);
        }
    }

    [Theory]
    [InlineData("~=2.2", "2.9", true)]
    [InlineData("~=2.2", "3.0", false)]
    [InlineData("~=2.2", "2.1", false)]
    [InlineData("~=1.4.5", "1.4.9", true)]
    [InlineData("~=1.4.5", "1.5.0", false)]
    [InlineData("~=2.2.0", "2.3", false)]
    [InlineData("~=2.2", "2.2+local", true)]
    public void Compatible_release_allows_later_releases_of_the_same_series(string specifier, string version, bool expected)
    {
        Matches(specifier, version).Should().Be(expected);
    }

    [Theory]
    [InlineData("~=1")]
    [InlineData("~=1.*")]
    [InlineData("~=1.0+local")]
    [InlineData(">=1.0.*")]
    [InlineData("<1.0+local")]
    [InlineData(">1.0+local")]
    [InlineData("<=1.0+local")]
    [InlineData("==1.0a1.*")]
    [InlineData("==1.0.post1.*")]
    [InlineData("==1.0+local.*")]
    [InlineData("1.0")]
    [InlineData("=1.0")]
    [InlineData("=>1.0")]
    [InlineData("==")]
    [InlineData("==french toast")]
    [InlineData(">=1.0,")]
    [InlineData("")]
    [InlineData("===")]
    [InlineData("== 1.0 1")]
    [InlineData("==1.0;")]
    [InlineData("<==1.0")]
    [InlineData("~= ")]
    public void Invalid_specifiers_are_refused(string text)
    {
        VersionSpecifier.TryParse(text, out _).Should().BeFalse();
        var parse = () => VersionSpecifier.Parse(text);
        parse.Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData(" \t~= 2.2 \n", "~=2.2")]
    [InlineData("====1.0", "====1.0")]
    [InlineData(">= 1.0", ">=1.0")]
    [InlineData("== 1.2.*", "==1.2.*")]
    [InlineData("~=1.0RC1", "~=1.0rc1")]
    [InlineData("!=v1.0-1", "!=1.0.post1")]
    [InlineData("===Foo-Bar", "===Foo-Bar")]
    [InlineData("  <  2  ", "<2")]
    public void Specifiers_render_normalised(string text, string rendered)
    {
        VersionSpecifier.Parse(text).ToString().Should().Be(rendered);
    }

    [Theory]
    [InlineData(">=1.0", "2.0a1", false)]
    [InlineData(">=1.0a1", "2.0a1", true)]
    [InlineData("==1.0.*", "1.0a1", false)]
    [InlineData("==1.0a1.dev1", "1.0a1.dev1", true)]
    [InlineData("<=2.0.dev1", "1.5.dev1", true)]
    [InlineData("!=1.0a1", "2.0a1", false)]
    [InlineData(">=1.0", "1.5", true)]
    public void Clauses_refuse_pre_releases_unless_they_name_one(string specifier, string version, bool expected)
    {
        VersionSpecifier.Parse(specifier).Contains(PackageVersion.Parse(version)).Should().Be(expected);
    }

    [Fact]
    public void An_explicit_choice_overrides_the_pre_release_default()
    {
        var specifier = VersionSpecifier.Parse(">=1.0");
        specifier.Contains(PackageVersion.Parse("2.0a1"), includePrereleases: true).Should().BeTrue();
        VersionSpecifier.Parse(">=1.0a1").Contains(PackageVersion.Parse("2.0a1"), includePrereleases: false).Should().BeFalse();
    }

    [Fact]
    public void Arbitrary_equality_keeps_text_that_is_not_a_version()
    {
        var specifier = VersionSpecifier.Parse("===foobar");

        specifier.Operator.Should().Be(VersionOperator.ArbitraryEqual);
        specifier.Version.Should().BeNull();
        specifier.ArbitraryText.Should().Be("foobar");
        specifier.Contains(PackageVersion.Parse("1.0")).Should().BeFalse();
    }

    [Fact]
    public void Specifiers_expose_their_parts()
    {
        var specifier = VersionSpecifier.Parse("!=1.2.*");

        specifier.Operator.Should().Be(VersionOperator.NotEqual);
        specifier.IsWildcard.Should().BeTrue();
        specifier.Version.Should().Be(PackageVersion.Parse("1.2"));
    }
}
