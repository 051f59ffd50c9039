using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class CompatibilityTagTests
{
    [Fact]
    public void A_tag_prints_as_its_three_parts_joined_by_dashes()
    {
        new CompatibilityTag("py3", "none", "any").ToString().Should().Be("py3-none-any");
    }

    [Fact]
    public void Tags_with_the_same_parts_are_equal()
    {
        new CompatibilityTag("cp311", "abi3", "linux_x86_64").Should().Be(new CompatibilityTag("cp311", "abi3", "linux_x86_64"));
    }

    [Fact]
    public void A_compressed_tag_set_expands_into_every_combination()
    {
        CompatibilityTag.ParseSet("py2.py3-none-any").Select(t => t.ToString())
            .Should().Equal("py2-none-any", "py3-none-any");
    }

    [Fact]
    public void Expanded_tags_are_lowercase()
    {
        CompatibilityTag.ParseSet("CP311-CP311-Win_AMD64").Single().Should().Be(new CompatibilityTag("cp311", "cp311", "win_amd64"));
    }

    [Theory]
    [InlineData("py3-none")]
    [InlineData("py3--any")]
    [InlineData("py3.-none-any")]
    [InlineData("py 3-none-any")]
    public void Malformed_tag_sets_are_refused(string tagSet)
    {
        var parse = () => CompatibilityTag.ParseSet(tagSet);
        parse.Should().Throw<FormatException>().WithMessage($"*{tagSet}*");
    }
}
