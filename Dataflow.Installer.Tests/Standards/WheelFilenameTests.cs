using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class WheelFilenameTests
{
    [Fact]
    public void The_PEP_427_example_is_parsed_into_its_fields()
    {
        var wheel = WheelFilename.Parse("distribution-1.0-1-py27-none-any.whl");

        wheel.Name.Should().Be(PackageName.Parse("distribution"));
        wheel.Version.Should().Be("1.0");
        wheel.BuildTag.Should().Be(new WheelBuildTag(1, ""));
        wheel.Tags.Should().Equal(new CompatibilityTag("py27", "none", "any"));
    }

    [Fact]
    public void A_wheel_without_a_build_tag_has_none()
    {
        var wheel = WheelFilename.Parse("requests-2.31.0-py3-none-any.whl");

        wheel.Name.Normalized.Should().Be("requests");
        wheel.Version.Should().Be("2.31.0");
        wheel.BuildTag.Should().BeNull();
    }

    [Fact]
    public void Compressed_python_tags_are_expanded()
    {
        WheelFilename.Parse("six-1.16.0-py2.py3-none-any.whl").Tags.Select(t => t.ToString())
            .Should().Equal("py2-none-any", "py3-none-any");
    }

    [Fact]
    public void Compressed_platform_tags_are_expanded()
    {
        var wheel = WheelFilename.Parse("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");

        wheel.Tags.Select(t => t.ToString()).Should().Equal(
            "cp311-cp311-manylinux_2_17_x86_64",
            "cp311-cp311-manylinux2014_x86_64");
        wheel.PlatformTags.Should().Be("manylinux_2_17_x86_64.manylinux2014_x86_64");
    }

    [Fact]
    public void Every_part_of_a_compressed_tag_set_multiplies_the_tags()
    {
        WheelFilename.Parse("pkg-1.0-py2.py3-none.abi3-any.linux_x86_64.whl").Tags.Should().HaveCount(8);
    }

    [Fact]
    public void The_file_name_is_kept_exactly_as_given()
    {
        const string name = "Django_Extensions-3.2.3-py3-none-any.whl";

        var wheel = WheelFilename.Parse(name);

        wheel.ToString().Should().Be(name);
        wheel.Name.Normalized.Should().Be("django-extensions");
        wheel.Name.WheelEscaped.Should().Be("django_extensions");
    }

    [Fact]
    public void PEP_427_escaped_local_versions_keep_their_text()
    {
        WheelFilename.Parse("torch-2.1.0+cpu-cp311-cp311-linux_x86_64.whl").Version.Should().Be("2.1.0+cpu");
    }

    [Fact]
    public void A_build_tag_is_split_into_its_number_and_the_rest()
    {
        WheelFilename.Parse("pkg-1.0-12abc-py3-none-any.whl").BuildTag.Should().Be(new WheelBuildTag(12, "abc"));
    }

    [Fact]
    public void Build_tags_sort_by_number_then_by_the_rest_and_no_tag_sorts_first()
    {
        WheelBuildTag? none = null;
        var two = WheelFilename.Parse("pkg-1.0-2-py3-none-any.whl").BuildTag;
        var ten = WheelFilename.Parse("pkg-1.0-10-py3-none-any.whl").BuildTag;
        var tenB = WheelFilename.Parse("pkg-1.0-10b-py3-none-any.whl").BuildTag;

        WheelBuildTag.Compare(none, two).Should().BeNegative();
        WheelBuildTag.Compare(two, ten).Should().BeNegative("2 < 10 as numbers, though not as text");
        WheelBuildTag.Compare(ten, tenB).Should().BeNegative();
        WheelBuildTag.Compare(tenB, tenB).Should().Be(0);
    }

    [Fact]
    public void A_build_tag_that_does_not_start_with_a_digit_is_refused()
    {
        var parse = () => WheelFilename.Parse("pkg-1.0-abc-py3-none-any.whl");

        parse.Should().Throw<FormatException>().WithMessage("*'pkg-1.0-abc-py3-none-any.whl'*build tag*");
    }

    [Theory]
    [InlineData("pkg-1.0-py3-none-any.zip")]
    [InlineData("pkg-1.0-py3-none.whl")]
    [InlineData("pkg-py3-none-any.whl")]
    [InlineData("pkg-1.0-1-2-py3-none-any.whl")]
    [InlineData("-1.0-py3-none-any.whl")]
    [InlineData("pkg--py3-none-any.whl")]
    [InlineData("pkg-1.0-py3--any.whl")]
    [InlineData("pkg-1.0-py3-none-.whl")]
    [InlineData("pkg-1.0-py3.-none-any.whl")]
    [InlineData("pk g-1.0-py3-none-any.whl")]
    [InlineData("numpy-quaternion-2023.0.2-cp311-cp311-linux_x86_64.whl")]
    public void Invalid_wheel_names_are_refused_with_a_message_naming_the_file(string fileName)
    {
        WheelFilename.TryParse(fileName, out _).Should().BeFalse();
        var parse = () => WheelFilename.Parse(fileName);
        parse.Should().Throw<FormatException>().WithMessage($"*'{fileName}'*");
    }

    [Fact]
    public void Wheels_are_equal_when_their_file_names_are()
    {
        WheelFilename.Parse("six-1.16.0-py2.py3-none-any.whl").Should().Be(WheelFilename.Parse("six-1.16.0-py2.py3-none-any.whl"));
        WheelFilename.Parse("six-1.16.0-py2.py3-none-any.whl").Should().NotBe(WheelFilename.Parse("six-1.16.0-py3-none-any.whl"));
    }
}
