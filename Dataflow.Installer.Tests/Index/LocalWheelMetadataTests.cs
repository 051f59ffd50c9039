using System.IO.Compression;
using System.Text;
using Dataflow.Installer.Index;

namespace Dataflow.Installer.Tests.Index;

public sealed class LocalWheelMetadataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dfi-meta-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Wheel(string metadata)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".whl");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry("demo-1.0.dist-info/METADATA").Open(), Encoding.UTF8);
        writer.Write(metadata);
        return path;
    }

    [Fact]
    public void Requires_python_is_read_from_the_metadata_headers()
    {
        var wheel = Wheel("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Python: >=3.12\n\nbody\n");

        LocalWheelMetadata.ReadRequiresPython(wheel).Should().Be(">=3.12");
    }

    [Fact]
    public void A_zstd_compressed_METADATA_is_read_as_a_deflated_one()
    {
        var text = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Python: >=3.12\n\nbody\n";
        var deflated = Wheel(text);
        var wheel = Path.Combine(_folder, "zstd.whl");
        File.WriteAllBytes(wheel, Unzip.ZstdZip.Rewrite(File.ReadAllBytes(deflated)));

        LocalWheelMetadata.ReadRequiresPython(wheel).Should().Be(">=3.12");
        LocalWheelMetadata.ReadMetadataBytes(wheel).Should().Equal(LocalWheelMetadata.ReadMetadataBytes(deflated));
    }

    [Fact]
    public void A_header_in_the_description_body_is_not_taken_for_one()
    {
        var wheel = Wheel("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\nRequires-Python: >=3.12\n");

        LocalWheelMetadata.ReadRequiresPython(wheel).Should().BeNull();
    }

    [Fact]
    public void A_file_that_is_not_a_zip_gives_no_answer_instead_of_an_error()
    {
        var path = Path.Combine(_folder, "broken.whl");
        File.WriteAllText(path, "not a zip");

        LocalWheelMetadata.ReadRequiresPython(path).Should().BeNull();
    }
}
