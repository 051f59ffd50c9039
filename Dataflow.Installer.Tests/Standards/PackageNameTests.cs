using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class PackageNameTests
{
    [Theory]
    [InlineData("friendly-bard", "friendly-bard")]
    [InlineData("Friendly-Bard", "friendly-bard")]
    [InlineData("FRIENDLY-BARD", "friendly-bard")]
    [InlineData("friendly.bard", "friendly-bard")]
    [InlineData("friendly_bard", "friendly-bard")]
    [InlineData("friendly--bard", "friendly-bard")]
    [InlineData("FrIeNdLy-._.-bArD", "friendly-bard")]
    public void Names_are_normalised_as_PEP_503_says(string name, string normalized)
    {
        PackageName.Parse(name).Normalized.Should().Be(normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("trailing.")]
    [InlineData("has space")]
    public void Invalid_names_are_refused(string name)
    {
        PackageName.TryParse(name, out _).Should().BeFalse();
    }

    [Fact]
    public void Wheel_escaping_replaces_dashes_with_underscores()
    {
        PackageName.Parse("Zope.Interface").WheelEscaped.Should().Be("zope_interface");
    }

    [Theory]
    [InlineData("Zope.Interface", "zope-interface")]
    [InlineData("my__pkg", "my-pkg")]
    [InlineData("~atplotlib", "~atplotlib")]
    [InlineData("Bad Name", "bad name")]
    public void Any_name_read_from_an_environment_normalises_and_an_invalid_one_is_lower_cased(string name, string expected)
    {
        PackageName.NormalizeAny(name).Should().Be(expected);
    }
}
