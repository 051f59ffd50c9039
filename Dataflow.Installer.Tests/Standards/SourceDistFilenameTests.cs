using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class SourceDistFilenameTests
{
    [Theory]
    [InlineData("requests-2.31.0.tar.gz", nameof(SourceDistExtension.TarGz))]
    [InlineData("requests-2.31.0.zip", nameof(SourceDistExtension.Zip))]
    [InlineData("requests-2.31.0.tar.bz2", nameof(SourceDistExtension.TarBz2))]
    [InlineData("requests-2.31.0.tar.zst", nameof(SourceDistExtension.TarZst))]
    [InlineData("requests-2.31.0.tar.xz", nameof(SourceDistExtension.TarXz))]
    [InlineData("requests-2.31.0.tgz", nameof(SourceDistExtension.Tgz))]
    [InlineData("requests-2.31.0.tar", nameof(SourceDistExtension.Tar))]
    public void Each_archive_format_is_recognised(string fileName, string extension)
    {
        var sourceDist = SourceDistFilename.Parse(fileName);

        sourceDist.Name.Normalized.Should().Be("requests");
        sourceDist.Version.Should().Be("2.31.0");
        sourceDist.Extension.Should().Be(Enum.Parse<SourceDistExtension>(extension));
        sourceDist.ToString().Should().Be(fileName);
    }

    [Fact]
    public void A_name_with_dashes_is_split_before_the_version_without_an_expected_name()
    {
        var sourceDist = SourceDistFilename.Parse("zope-interface-6.1.tar.gz");

        sourceDist.Name.Normalized.Should().Be("zope-interface");
        sourceDist.Version.Should().Be("6.1");
    }

    [Fact]
    public void The_expected_name_decides_where_the_name_ends()
    {
        var sourceDist = SourceDistFilename.Parse("Flask-SQLAlchemy-3.1.1.tar.gz", PackageName.Parse("flask_sqlalchemy"));

        sourceDist.Name.Should().Be(PackageName.Parse("flask-sqlalchemy"));
        sourceDist.Version.Should().Be("3.1.1");
    }

    [Fact]
    public void The_expected_name_resolves_names_whose_parts_start_with_digits()
    {
        // Without the expected name, "2fa" would not be mistaken for a version, but "pkg-2fa-1.0-1" is ambiguous.
        var sourceDist = SourceDistFilename.Parse("pkg-2fa-1.0-1.tar.gz", PackageName.Parse("pkg-2fa"));

        sourceDist.Name.Normalized.Should().Be("pkg-2fa");
        sourceDist.Version.Should().Be("1.0-1");
    }

    [Fact]
    public void A_file_of_another_project_is_refused_when_a_name_is_expected()
    {
        SourceDistFilename.TryParse("flask-sqlalchemy-3.1.1.tar.gz", PackageName.Parse("flask"), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("requests.tar.gz")]
    [InlineData("requests-.tar.gz")]
    [InlineData("requests-2.31.0.exe")]
    [InlineData("requests-2.31.0.whl")]
    [InlineData(".tar.gz")]
    [InlineData("requests-v.tar.gz")]
    public void Names_that_are_not_source_distributions_are_refused(string fileName)
    {
        SourceDistFilename.TryParse(fileName, null, out _).Should().BeFalse();
        var parse = () => SourceDistFilename.Parse(fileName);
        parse.Should().Throw<FormatException>().WithMessage($"*'{fileName}'*");
    }
}
