using System.Text;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class RecordHashTests
{
    [Fact]
    public void The_digest_is_urlsafe_base64_without_padding()
    {
        // sha256 of the empty string; its standard base64 form is 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=.
        var hash = RecordHash.Compute([]);

        hash.ToString().Should().Be("sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    }

    [Fact]
    public void Parsing_then_formatting_round_trips_and_padding_is_tolerated()
    {
        RecordHash.Parse("sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=").ToString()
            .Should().Be("sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    }

    [Fact]
    public void Matches_verifies_data_against_the_digest()
    {
        var hash = RecordHash.Compute("print('hi')\n"u8);

        hash.Matches("print('hi')\n"u8).Should().BeTrue();
        hash.Matches("print('ho')\n"u8).Should().BeFalse();
    }

    [Fact]
    public async Task Files_are_hashed_and_measured()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "hello", Encoding.ASCII);

            var (hash, size) = await RecordHash.ComputeFileAsync(path, CancellationToken.None);

            size.Should().Be(5);
            hash.Should().Be(RecordHash.Compute("hello"u8));
            (await hash.MatchesFileAsync(path, CancellationToken.None)).Should().BeTrue();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("=abc")]
    [InlineData("sha256=")]
    [InlineData("sha256=not base64!")]
    public void Malformed_hashes_are_refused(string text)
    {
        RecordHash.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Weak_algorithms_cannot_be_verified()
    {
        var act = () => new RecordHash("md5", new byte[16]).Matches("x"u8);

        act.Should().Throw<NotSupportedException>();
        RecordHash.IsSupported("sha1").Should().BeFalse();
    }
}
