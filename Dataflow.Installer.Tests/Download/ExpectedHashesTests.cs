using Dataflow.Installer.Download;

namespace Dataflow.Installer.Tests.Download;

public sealed class ExpectedHashesTests
{
    private static readonly string ShaA = new('a', 64);
    private static readonly string ShaB = new('b', 64);
    private static readonly string Sha512A = new('a', 128);

    private static ExpectedHashes Expect(Dictionary<string, string>? fromIndex = null, params string[] fromRequirement) =>
        new(fromIndex ?? new Dictionary<string, string>(), fromRequirement);

    private static Dictionary<string, string> Computed(string sha256, string? sha512 = null)
    {
        var computed = new Dictionary<string, string> { ["sha256"] = sha256 };
        if (sha512 is not null)
        {
            computed["sha512"] = sha512;
        }
        return computed;
    }

    [Fact]
    public void No_expectations_accept_any_file()
    {
        ExpectedHashes.None.Check(Computed(ShaA)).Should().BeNull();
    }

    [Fact]
    public void Sha256_is_always_computed_and_so_is_every_algorithm_the_index_or_requirement_names()
    {
        ExpectedHashes.None.Algorithms.Should().BeEquivalentTo(["sha256"]);
        Expect(new Dictionary<string, string> { ["md5"] = "00" }, $"sha512:{Sha512A}").Algorithms
            .Should().BeEquivalentTo(["sha256", "md5", "sha512"]);
    }

    [Fact]
    public void A_matching_index_hash_passes()
    {
        Expect(new Dictionary<string, string> { ["sha256"] = ShaA }).Check(Computed(ShaA)).Should().BeNull();
    }

    [Fact]
    public void Hex_digests_are_compared_without_regard_to_case()
    {
        Expect(new Dictionary<string, string> { ["sha256"] = ShaA.ToUpperInvariant() }).Check(Computed(ShaA)).Should().BeNull();
    }

    [Fact]
    public void A_different_index_hash_is_reported_with_both_digests()
    {
        var problem = Expect(new Dictionary<string, string> { ["sha256"] = ShaA }).Check(Computed(ShaB));

        problem.Should().StartWith("its link (index page or URL #fragment) says").And.Contain($"sha256={ShaA}").And.Contain($"sha256={ShaB}");
    }

    [Fact]
    public void An_index_hash_in_an_algorithm_that_was_not_computed_is_skipped()
    {
        Expect(new Dictionary<string, string> { ["blake2b_256"] = "ff" }).Check(Computed(ShaA)).Should().BeNull();
    }

    [Fact]
    public void Any_one_requirement_hash_matching_is_enough()
    {
        Expect(null, $"sha256:{ShaB}", $"sha256:{ShaA}").Check(Computed(ShaA)).Should().BeNull();
        Expect(null, $"sha256:{ShaB}", $"sha512:{Sha512A}").Check(Computed(ShaA, Sha512A)).Should().BeNull();
    }

    [Fact]
    public void No_requirement_hash_matching_is_reported()
    {
        var problem = Expect(null, $"sha256:{ShaB}").Check(Computed(ShaA));

        problem.Should().Contain(ShaA).And.Contain("--hash");
    }

    [Fact]
    public void Both_the_index_and_the_requirement_must_agree()
    {
        var expected = Expect(new Dictionary<string, string> { ["sha256"] = ShaA }, $"sha256:{ShaB}");

        expected.Check(Computed(ShaA)).Should().NotBeNull();
        expected.Check(Computed(ShaB)).Should().NotBeNull();
    }

    [Fact]
    public void The_known_sha256_comes_from_the_index_first()
    {
        Expect(new Dictionary<string, string> { ["sha256"] = ShaA }, $"sha256:{ShaB}").KnownSha256.Should().Be(ShaA);
    }

    [Fact]
    public void The_known_sha256_comes_from_a_single_requirement_hash_when_the_index_has_none()
    {
        Expect(null, $"sha256:{ShaB}", $"sha512:{Sha512A}").KnownSha256.Should().Be(ShaB);
    }

    [Fact]
    public void Several_requirement_sha256_values_leave_the_sha256_unknown()
    {
        Expect(null, $"sha256:{ShaA}", $"sha256:{ShaB}").KnownSha256.Should().BeNull();
        ExpectedHashes.None.KnownSha256.Should().BeNull();
    }
}
