using System.Security.Cryptography;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Build;

/// <summary>The build stage's own checks, with an in-tree backend sdist made on the fly and the machine's python3.</summary>
public sealed class SourceBuilderTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();
    private readonly Pep517Builder _pep517 = new(maxConcurrentBuilds: 1);
    private readonly CacheRoot _cache;

    public SourceBuilderTests()
    {
        _cache = new CacheRoot(_temp.Combine("cache"));
        _cache.EnsureCreated();
    }

    public void Dispose()
    {
        _pep517.Dispose();
        _temp.Dispose();
    }

    private SourceBuilder Builder() => new(new BuiltWheelCache(_cache), new SystemPythonBuilds(), _pep517, ConfigSettings.None, timeout: null);

    /// <summary>An sdist whose backend builds <paramref name="builds"/> at <paramref name="buildsVersion"/>, offered as <paramref name="claims"/>.</summary>
    private (DistributionArtifact Artifact, DownloadedArchive Archive) Sdist(string claims, string claimedVersion, string builds, string buildsVersion)
    {
        var links = SourceDists.InTree(_temp.Combine("links-" + Guid.NewGuid().ToString("N")[..8]), builds, buildsVersion, []);
        var built = Path.Combine(links, $"{builds.Replace('-', '_').ToLowerInvariant()}-{buildsVersion}.tar.gz");
        var filename = $"{claims}-{claimedVersion}.tar.gz";
        var path = Path.Combine(links, filename);
        File.Move(built, path);
        var bytes = File.ReadAllBytes(path);
        var artifact = new DistributionArtifact(PackageName.Parse(claims), claimedVersion, filename, new Uri(path), new ExpectedHashes(new Dictionary<string, string>(), []), bytes.Length, IsWheel: false);
        return (artifact, new DownloadedArchive(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length, IsScratch: false));
    }

    private string[] BuiltWheels()
    {
        var bucket = Path.Combine(_cache.Path, BuiltWheelCache.Bucket);
        return Directory.Exists(bucket) ? [.. Directory.GetFiles(bucket, "*.whl", SearchOption.AllDirectories).Select(Path.GetFileName)!] : [];
    }

    private string[] Scratch(string folder) => Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : [];

    [Fact]
    public async Task A_wheel_of_the_claimed_name_and_version_is_built_and_kept_in_the_cache()
    {
        // PEP 503 / PEP 440 normalisation: "Probe.Thing" 1.0.0 is probe-thing 1.0.
        var (artifact, archive) = Sdist("Probe.Thing", "1.0.0", "probe-thing", "1.0");
        var scratch = _temp.Combine("scratch");
        Directory.CreateDirectory(scratch);

        var wheel = await Builder().BuildAsync(artifact, archive, scratch, CancellationToken.None);

        Path.GetFileName(wheel.Path).Should().Be("probe_thing-1.0-py3-none-any.whl");
        BuiltWheels().Should().Equal("probe_thing-1.0-py3-none-any.whl");
        Scratch(scratch).Should().BeEmpty();
    }

    [Theory]
    [InlineData("impostor", "1.0", "probe-thing", "1.0", "probe_thing-1.0-py3-none-any.whl, which is not impostor 1.0")]
    [InlineData("probe-thing", "2.0", "probe-thing", "1.0", "probe_thing-1.0-py3-none-any.whl, which is not probe-thing 2.0")]
    public async Task A_backend_that_builds_another_name_or_version_is_a_build_error_and_the_cache_gains_nothing(
        string claims, string claimedVersion, string builds, string buildsVersion, string expected)
    {
        var (artifact, archive) = Sdist(claims, claimedVersion, builds, buildsVersion);
        var scratch = _temp.Combine("scratch");
        Directory.CreateDirectory(scratch);

        var act = () => Builder().BuildAsync(artifact, archive, scratch, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<BuildException>()).Which;
        error.Message.Should().StartWith($"{claims}-{claimedVersion}.tar.gz: the backend built ").And.Contain(expected);
        BuiltWheels().Should().BeEmpty();
        Scratch(scratch).Should().BeEmpty("the build folder is removed");
        Scratch(Path.Combine(_cache.Path, CacheRoot.TempBucket)).Should().BeEmpty();
    }
}
