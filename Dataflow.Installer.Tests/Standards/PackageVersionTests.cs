using System.Numerics;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class PackageVersionTests
{
    // PEP 440 "Summary of permitted suffixes and relative ordering", in ascending order.
    private static readonly string[] PepOrdering =
    [
        "1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
        "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
        "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
    ];

    public static TheoryData<string, string> OrderedPairs()
    {
        var data = new TheoryData<string, string>();
        for (var i = 0; i < PepOrdering.Length - 1; i++)
        {
            data.Add(PepOrdering[i], PepOrdering[i + 1]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OrderedPairs))]
    public void Versions_order_as_PEP_440_lists_them(string lower, string higher)
    {
        var a = PackageVersion.Parse(lower);
        var b = PackageVersion.Parse(higher);

        a.CompareTo(b).Should().BeNegative();
        b.CompareTo(a).Should().BePositive();
        (a < b).Should().BeTrue();
        (b > a).Should().BeTrue();
        (a == b).Should().BeFalse();
    }

    [Fact]
    public void Sorting_a_shuffled_list_gives_the_PEP_440_order()
    {
        var shuffled = PepOrdering.Reverse().Select(PackageVersion.Parse).ToList();
        shuffled.Sort();
        shuffled.Select(v => v.ToString()).Should().Equal(PepOrdering.Select(s => PackageVersion.Parse(s).ToString()));
    }

    [Theory]
    // PEP 440 "Normalization" examples, one per rule.
    [InlineData("1.1RC1", "1.1rc1")]
    [InlineData("00", "0")]
    [InlineData("09000", "9000")]
    [InlineData("1.0+foo0100", "1.0+foo0100")]
    [InlineData("1.1.a1", "1.1a1")]
    [InlineData("1.1-a1", "1.1a1")]
    [InlineData("1.1_a1", "1.1a1")]
    [InlineData("1.0a.1", "1.0a1")]
    [InlineData("1.1alpha1", "1.1a1")]
    [InlineData("1.1beta2", "1.1b2")]
    [InlineData("1.1c3", "1.1rc3")]
    [InlineData("1.1pre4", "1.1rc4")]
    [InlineData("1.1preview5", "1.1rc5")]
    [InlineData("1.2a", "1.2a0")]
    [InlineData("1.2-post2", "1.2.post2")]
    [InlineData("1.2post2", "1.2.post2")]
    [InlineData("1.2.post-2", "1.2.post2")]
    [InlineData("1.2_post_2", "1.2.post2")]
    [InlineData("1.0-r4", "1.0.post4")]
    [InlineData("1.0-rev4", "1.0.post4")]
    [InlineData("1.2.post", "1.2.post0")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("1.2-dev2", "1.2.dev2")]
    [InlineData("1.2dev2", "1.2.dev2")]
    [InlineData("1.2.dev", "1.2.dev0")]
    [InlineData("1.0+ubuntu-1", "1.0+ubuntu.1")]
    [InlineData("1.0+Ubuntu_1.0", "1.0+ubuntu.1.0")]
    [InlineData("v1.0", "1.0")]
    [InlineData("V1.0", "1.0")]
    [InlineData(" 1.0\n", "1.0")]
    [InlineData("\t1.0 ", "1.0")]
    [InlineData("1!2.0", "1!2.0")]
    [InlineData("0!2.0", "2.0")]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("1.0RC1-POST2.DEV3+LOCAL", "1.0rc1.post2.dev3+local")]
    [InlineData("1.0+01", "1.0+1")]
    [InlineData("1.01", "1.1")]
    [InlineData("01.00.010", "1.0.10")]
    [InlineData("0", "0")]
    [InlineData("2.31.0", "2.31.0")]
    [InlineData("999999999999999999.1000000000000000000", "999999999999999999.1000000000000000000")]
    public void Versions_are_normalised_as_PEP_440_says(string text, string normalized)
    {
        PackageVersion.Parse(text).ToString().Should().Be(normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("french toast")]
    [InlineData("1.0-")]
    [InlineData("1.0+")]
    [InlineData("1.0+foo bar")]
    [InlineData("1.0+-foo")]
    [InlineData("1..0")]
    [InlineData(".1")]
    [InlineData("1.0.")]
    [InlineData("1.٣")]
    [InlineData("1.")]
    [InlineData("1.0.*")]
    [InlineData("1!")]
    [InlineData("1.0a1a2")]
    [InlineData("1.0.post1.post2")]
    [InlineData("1.0dev1a1")]
    [InlineData("vv1.0")]
    public void Invalid_versions_are_refused(string text)
    {
        PackageVersion.TryParse(text, out _).Should().BeFalse();
        var parse = () => PackageVersion.Parse(text);
        parse.Should().Throw<FormatException>().WithMessage($"*'{text}'*");
    }

    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1.0", "1")]
    [InlineData("1.0.0.0", "1")]
    [InlineData("1.0a1", "1.0.0alpha1")]
    [InlineData("1.0+ABC", "1.0+abc")]
    [InlineData("1.0+1", "1.0+01")]
    [InlineData("0!1.0", "1.0")]
    public void Equal_versions_are_equal_and_hash_alike(string left, string right)
    {
        var a = PackageVersion.Parse(left);
        var b = PackageVersion.Parse(right);

        a.Should().Be(b);
        (a == b).Should().BeTrue();
        (a != b).Should().BeFalse();
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.CompareTo(b).Should().Be(0);
    }

    [Theory]
    [InlineData("2.0", "1!1.0")]
    [InlineData("1.0.dev1", "1.0a1")]
    [InlineData("1.0a1", "1.0b1")]
    [InlineData("1.0b1", "1.0c2")]
    [InlineData("1.0rc1", "1.0rc2")]
    [InlineData("1.0", "1.0.post0")]
    [InlineData("1.0.post0.dev1", "1.0.post0")]
    [InlineData("1.0+abc", "1.0+abd")]
    [InlineData("1.0+abc", "1.0+abc.1")]
    [InlineData("1.0+zzz", "1.0+0")]
    [InlineData("1.0+2", "1.0+10")]
    [InlineData("1.9", "1.10")]
    public void Epochs_releases_suffixes_and_local_labels_order_as_PEP_440_says(string lower, string higher)
    {
        PackageVersion.Parse(lower).Should().BeLessThan(PackageVersion.Parse(higher));
    }

    [Fact]
    public void Components_are_exposed_after_normalisation()
    {
        var version = PackageVersion.Parse("2!1.2.3.4RC5.post6.dev7+Ubuntu-8");

        version.Epoch.Should().Be(2);
        version.Release.Should().Equal(new BigInteger[] { 1, 2, 3, 4 });
        version.Pre.Should().Be(new PreRelease("rc", 5));
        version.Post.Should().Be(new BigInteger(6));
        version.Dev.Should().Be(new BigInteger(7));
        version.Local.Should().Be("ubuntu.8");
        version.Major.Should().Be(1);
        version.Minor.Should().Be(2);
        version.Micro.Should().Be(3);
        version.IsPrerelease.Should().BeTrue();
        version.IsPostRelease.Should().BeTrue();
        version.IsDevelopmentalRelease.Should().BeTrue();
        version.Public.ToString().Should().Be("2!1.2.3.4rc5.post6.dev7");
        version.BaseVersion.ToString().Should().Be("2!1.2.3.4");
    }

    [Theory]
    [InlineData("1.0", false, false)]
    [InlineData("1.0a1", true, false)]
    [InlineData("1.0.dev0", true, false)]
    [InlineData("1.0.post1", false, true)]
    [InlineData("1.0.post1.dev1", true, true)]
    [InlineData("1.0+local", false, false)]
    public void Pre_and_post_release_flags_follow_PEP_440(string text, bool isPrerelease, bool isPostRelease)
    {
        var version = PackageVersion.Parse(text);
        version.IsPrerelease.Should().Be(isPrerelease);
        version.IsPostRelease.Should().Be(isPostRelease);
    }

    [Fact]
    public void Numbers_beyond_64_bits_parse_and_compare()
    {
        var huge = PackageVersion.Parse("1.123456789012345678901234567890");
        var larger = PackageVersion.Parse("1.123456789012345678901234567891");

        huge.Release[1].Should().Be(BigInteger.Parse("123456789012345678901234567890"));
        huge.Should().BeLessThan(larger);
        huge.ToString().Should().Be("1.123456789012345678901234567890");
    }

    [Fact]
    public void Date_based_releases_parse()
    {
        PackageVersion.Parse("20240101.1").Should().BeGreaterThan(PackageVersion.Parse("2023.12"));
    }

    [Fact]
    public void A_null_version_sorts_first_and_equals_only_null()
    {
        PackageVersion? none = null;
        var one = PackageVersion.Parse("1");

        (none < one).Should().BeTrue();
        (none == null).Should().BeTrue();
        (one == none).Should().BeFalse();
        one.CompareTo(null).Should().BePositive();
    }

    [Fact]
    public void Equal_versions_collapse_in_a_hash_set()
    {
        var set = new HashSet<PackageVersion> { PackageVersion.Parse("1.0"), PackageVersion.Parse("1.0.0"), PackageVersion.Parse("1") };
        set.Should().HaveCount(1);
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3.0")]
    [InlineData("1.01", "1.1")]
    [InlineData("10.0", "9.99")]
    [InlineData("1234567890123456789", "1234567890123456788")]
    public void Bare_releases_order_and_equal_like_any_other_version(string higherOrEqual, string other)
    {
        var left = PackageVersion.Parse(higherOrEqual);
        var right = PackageVersion.Parse(other);
        var viaPattern = PackageVersion.Parse($"v{higherOrEqual}"); // the same version through the full PEP 440 pattern

        left.Should().BeGreaterThanOrEqualTo(right);
        left.Should().Be(viaPattern);
        left.GetHashCode().Should().Be(viaPattern.GetHashCode());
        left.Release.Should().Equal(viaPattern.Release);
    }
}
