using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary><c>--refresh</c> and <c>--refresh-package</c>: cached index pages asked again while they are still fresh.</summary>
public sealed class PageRefreshTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    [Fact]
    public async Task Fresh_pages_are_not_asked_again_unless_refresh_or_refresh_package_names_their_project()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        await using var server = wheels.StartServer();
        server.SendValidators = true;
        server.PageMaxAgeSeconds = 600;
        var requirements = sandbox.WriteRequirements("requirements.txt", "alpha==2.0", "beta==1.0");
        string[] index = ["-i", server.IndexUrl.AbsoluteUri, "--reinstall"];
        (await sandbox.SyncAsync([requirements, .. index])).ShouldSucceed();
        int Asked(string project) => server.RequestedPaths.Count(path => path == $"/simple/{project}/");

        (await sandbox.SyncAsync([requirements, .. index])).ShouldSucceed();
        var (alphaFresh, betaFresh) = (Asked("alpha"), Asked("beta"));
        (await sandbox.SyncAsync([requirements, .. index, "--refresh-package", "Alpha"])).ShouldSucceed();
        var (alphaRefreshed, betaKept) = (Asked("alpha"), Asked("beta"));
        (await sandbox.SyncAsync([requirements, .. index, "--refresh"])).ShouldSucceed();
        var offline = await sandbox.SyncAsync([requirements, .. index, "--offline", "--refresh-package", "alpha"]);
        var invalid = await sandbox.SyncAsync([requirements, .. index, "--refresh-package", "not a name"]);

        (alphaFresh, betaFresh).Should().Be((1, 1), "a page fresh for 600 s is served from the cache");
        (alphaRefreshed, betaKept).Should().Be((2, 1), "--refresh-package asks again for the project it names (normalized) only");
        (Asked("alpha"), Asked("beta")).Should().Be((3, 2), "--refresh asks again for every page");
        server.NotModifiedCount.Should().Be(3, "each page asked again was revalidated with its ETag, not sent again");
        offline.ExitCode.Should().Be(2);
        offline.Stderr.Should().Contain("--offline and --refresh-package cannot be used together");
        invalid.ExitCode.Should().Be(2);
        invalid.Stderr.Should().Contain("--refresh-package 'not a name' is not a valid project name");
    }
}
