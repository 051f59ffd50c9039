using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class DistributionFilenameTests
{
    private static readonly PackageName Numpy = PackageName.Parse("numpy");

    [Fact]
    public void A_wheel_name_gives_a_wheel()
    {
        var file = DistributionFilename.TryParse("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", Numpy);

        file.Should().NotBeNull();
        file!.IsWheel.Should().BeTrue();
        file.Wheel!.Tags.Should().HaveCount(2);
        file.Name.Should().Be(Numpy);
        file.Version.Should().Be("1.26.4");
    }

    [Fact]
    public void A_source_archive_name_gives_a_source_distribution()
    {
        var file = DistributionFilename.TryParse("numpy-1.26.4.tar.gz", Numpy);

        file.Should().NotBeNull();
        file!.IsWheel.Should().BeFalse();
        file.SourceDist!.Extension.Should().Be(SourceDistExtension.TarGz);
        file.Version.Should().Be("1.26.4");
        file.FileName.Should().Be("numpy-1.26.4.tar.gz");
    }

    [Theory]
    [InlineData("numpy-quaternion-2023.0.2-cp311-cp311-manylinux_2_17_x86_64.whl")]
    [InlineData("numpy_quaternion-2023.0.2-cp311-cp311-manylinux_2_17_x86_64.whl")]
    [InlineData("numpy_quaternion-2023.0.2.tar.gz")]
    [InlineData("numpy-1.26.4.exe")]
    [InlineData("numpy-1.26.4-cp311.whl")]
    [InlineData("README.md")]
    public void Files_of_other_projects_or_other_kinds_give_null(string fileName)
    {
        DistributionFilename.TryParse(fileName, Numpy).Should().BeNull();
    }
}
