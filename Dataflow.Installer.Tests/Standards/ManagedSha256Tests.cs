using System.Security.Cryptography;
using System.Text;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class ManagedSha256Tests
{
    [Fact]
    public void The_digest_of_abc_is_the_one_in_FIPS_180_2()
    {
        Convert.ToHexStringLower(ManagedSha256.HashData(Encoding.ASCII.GetBytes("abc")))
            .Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(4097)]
    [InlineData(1 << 20)]
    public void Every_length_around_the_padding_boundaries_hashes_as_OpenSSL_does(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        ManagedSha256.HashData(data).Should().Equal(SHA256.HashData(data));
    }

    [Fact]
    public void A_generated_files_record_hash_is_its_sha256()
    {
        var launcher = Encoding.UTF8.GetBytes("#!/venv/bin/python\nimport sys\n");

        RecordHash.Compute(launcher).Should().Be(new RecordHash("sha256", SHA256.HashData(launcher)));
    }
}
