using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Environments;
using Dataflow.Installer.Index;
using Dataflow.Installer.Pipeline;
using Dataflow.Installer.Requirements;
using Dataflow.Installer.Resolve;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Resolve;

/// <summary>The resolver's view of a real (test) index: which versions count, and where each version's metadata comes from.</summary>
public sealed class IndexResolverProviderTests : IAsyncLifetime
{
    private static readonly PackageName Alpha = PackageName.Parse("alpha");

    private static readonly InterpreterInfo CPython311Glibc = TestInterpreters.CPython311Glibc;

    private readonly TemporaryDirectory _temp = new();
    private readonly HttpClient _http = new();
    private TestIndexServer _server = null!;

    private string Served => _temp.Combine("served");

    private CacheRoot Cache { get; } = null!;

    public IndexResolverProviderTests()
    {
        Cache = new CacheRoot(_temp.Combine("cache"));
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Served);
        Cache.EnsureCreated();
        _server = TestIndexServer.Start(Served);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _temp.Dispose();
    }

    private IndexResolverProvider Provider(BinaryFormatControl? formats = null, bool preferBinary = false)
    {
        var finder = new DistributionFinder(new SimpleIndexClient(_http), _http, [_server.IndexUrl], [], offline: false);
        var selection = new FileSelectionContext(CompatibilityTags.ForInterpreter(CPython311Glibc), PackageVersion.Parse("3.11.7"), AllowPrereleases: false, AllowSourceDistributions: true)
        {
            Formats = formats ?? BinaryFormatControl.None,
            PreferBinary = preferBinary,
        };
        var scratch = Cache.CreateTempDirectory("resolve-test");
        return new IndexResolverProvider(finder, selection, _http, Cache, scratch, new InFlightMap<string, CoreMetadata>(StringComparer.Ordinal));
    }

    private void ServeVersionsOfEveryKind()
    {
        TestDistributions.WriteWheel(Served, "alpha-1.0-py3-none-any.whl");
        TestDistributions.WriteWheel(Served, "alpha-1.1-cp311-cp311-win_amd64.whl");
        TestDistributions.WriteWheel(Served, "alpha-1.2-py3-none-any.whl");
        _server.RequiresPython["alpha-1.2-py3-none-any.whl"] = ">=3.12";
        TestDistributions.WriteWheel(Served, "alpha-1.3-py3-none-any.whl");
        _server.Yanked["alpha-1.3-py3-none-any.whl"] = "broken";
        TestDistributions.WriteSdist(Served, "alpha-1.4.tar.gz");
    }

    private static string[] Texts(IEnumerable<PackageVersion> versions) => [.. versions.Order().Select(version => version.ToString())];

    [Fact]
    public async Task Versions_without_a_usable_file_are_left_out_by_tags_requires_python_and_yanking()
    {
        ServeVersionsOfEveryKind();

        var versions = await Provider().GetVersionsAsync(Alpha, CancellationToken.None);

        Texts(versions).Should().Equal("1.0", "1.4");
    }

    [Fact]
    public async Task With_prefer_binary_the_versions_that_have_a_usable_wheel_are_preferred()
    {
        ServeVersionsOfEveryKind();
        var preferring = Provider(preferBinary: true);
        var plain = Provider();

        await preferring.GetVersionsAsync(Alpha, CancellationToken.None);
        await plain.GetVersionsAsync(Alpha, CancellationToken.None);

        preferring.IsPreferred(Alpha, PackageVersion.Parse("1.0")).Should().BeTrue();
        preferring.IsPreferred(Alpha, PackageVersion.Parse("1.4")).Should().BeFalse("1.4 has only an sdist");
        preferring.IsPreferred(Alpha, PackageVersion.Parse("1.1")).Should().BeFalse("1.1's only wheel is for Windows");
        plain.IsPreferred(Alpha, PackageVersion.Parse("1.0")).Should().BeFalse();
    }

    [Fact]
    public async Task Only_binary_leaves_out_versions_that_have_only_an_sdist()
    {
        ServeVersionsOfEveryKind();

        var versions = await Provider(BinaryFormatControl.None.With(":all:", onlyBinary: true)).GetVersionsAsync(Alpha, CancellationToken.None);

        Texts(versions).Should().Equal("1.0");
    }

    [Fact]
    public async Task No_binary_leaves_out_versions_that_have_only_wheels()
    {
        ServeVersionsOfEveryKind();

        var versions = await Provider(BinaryFormatControl.None.With("alpha", onlyBinary: false)).GetVersionsAsync(Alpha, CancellationToken.None);

        Texts(versions).Should().Equal("1.4");
    }

    [Theory]
    [InlineData(TestIndexFormat.Html)]
    [InlineData(TestIndexFormat.Json)]
    public async Task Metadata_comes_from_the_metadata_file_when_the_index_serves_one_and_the_wheel_is_not_downloaded(TestIndexFormat format)
    {
        TestDistributions.WriteWheel(Served, "alpha-1.0-py3-none-any.whl", 0, "beta>=2", "gamma; python_version < \"3\"");
        _server.ServeCoreMetadata = true;
        _server.Format = format;

        var metadata = await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);

        metadata.Name.Should().Be(Alpha);
        metadata.RequiresDist.Select(requirement => requirement.Name.Normalized).Should().Equal("beta", "gamma");
        _server.CountRequests("/files/alpha-1.0-py3-none-any.whl.metadata").Should().Be(1);
        _server.CountRequests("/files/alpha-1.0-py3-none-any.whl").Should().Be(0, "the .metadata file is all the resolver needs");
        Directory.Exists(Cache.Bucket(CacheRoot.WheelsBucket)).Should().BeFalse("nothing was unzipped");
    }

    [Fact]
    public async Task Without_a_metadata_file_the_wheel_is_downloaded_once_and_unzipped_into_the_cache()
    {
        var wheel = TestDistributions.WriteWheel(Served, "alpha-1.0-py3-none-any.whl", 0, "beta>=2");

        var metadata = await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);
        var again = await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);

        metadata.RequiresDist.Select(requirement => requirement.ToString()).Should().Equal("beta>=2");
        again.Should().BeEquivalentTo(metadata);
        _server.CountRequests("/files/alpha-1.0-py3-none-any.whl").Should().Be(1, "the second provider reads the unzipped wheel in the cache");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(wheel)));
        Directory.Exists(Path.Combine(Cache.WheelEntryPath(sha256))).Should().BeTrue("the install stage finds the wheel unzipped and fetches nothing");
        new LocationPointers(Cache).TryGetSha256(_server.FileUrl("alpha-1.0-py3-none-any.whl").AbsoluteUri).Should().Be(sha256);
    }

    [Fact]
    public async Task A_METADATA_edited_in_the_unzipped_wheel_is_not_believed_and_the_wheel_is_fetched_again()
    {
        var wheel = TestDistributions.WriteWheel(Served, "alpha-1.0-py3-none-any.whl", 0, "beta>=2");
        await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(wheel)));
        var metadata = Path.Combine(Cache.WheelEntryPath(sha256), CacheEntry.TreeFolderName, "alpha-1.0.dist-info", "METADATA");
        File.WriteAllText(metadata, File.ReadAllText(metadata).Replace("beta>=2", "evil>=1", StringComparison.Ordinal));

        var again = await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);

        again.RequiresDist.Select(requirement => requirement.ToString()).Should().Equal("beta>=2");
        _server.CountRequests("/files/alpha-1.0-py3-none-any.whl").Should().Be(2, "the changed entry sent the provider back to the index");
        File.ReadAllText(metadata).Should().Contain("beta>=2", "the download made the entry again");
    }

    [Fact]
    public async Task Without_a_published_hash_the_location_pointer_finds_the_unzipped_wheel()
    {
        TestDistributions.WriteWheel(Served, "alpha-1.0-py3-none-any.whl", 0, "beta>=2");
        _server.IncludeHashes = false;

        await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);
        await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);

        _server.CountRequests("/files/alpha-1.0-py3-none-any.whl").Should().Be(1);
    }

    [Fact]
    public async Task An_sdist_only_version_has_its_metadata_read_from_PKG_INFO()
    {
        TestDistributions.WriteSdist(Served, "alpha-1.4.tar.gz");

        var metadata = await Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.4"), CancellationToken.None);

        metadata.Name.Should().Be(Alpha);
        metadata.Version.Should().Be(PackageVersion.Parse("1.4"));
        _server.CountRequests("/files/alpha-1.4.tar.gz").Should().Be(1);
        Directory.Exists(Cache.Bucket(CacheRoot.WheelsBucket)).Should().BeFalse("an sdist is not unzipped into the wheel cache");
    }

    [Fact]
    public async Task A_metadata_file_whose_hash_does_not_match_the_advertised_one_is_an_error()
    {
        TestDistributions.WriteWheel(Served, "alpha-1.0-py3-none-any.whl", 0, "beta>=2");
        _server.ServeCoreMetadata = true;
        _server.Fault["alpha-1.0-py3-none-any.whl.metadata"] = TestIndexFault.WrongIndexHash;

        var act = () => Provider().GetMetadataAsync(Alpha, PackageVersion.Parse("1.0"), CancellationToken.None);

        (await act.Should().ThrowAsync<DownloadException>()).Which.Message
            .Should().Contain("alpha-1.0-py3-none-any.whl.metadata").And.Contain("does not match");
    }
}
