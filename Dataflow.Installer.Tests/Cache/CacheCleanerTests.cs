using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Cache;

public sealed class CacheCleanerTests : IDisposable
{
    private readonly PopulatedCache _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void Clean_without_names_empties_the_cache_but_keeps_the_lock_and_the_tag()
    {
        _cache.AddWheel("demo-1.0-py3-none-any.whl");
        _cache.AddBuiltWheel("built-1.0-cp311-cp311-linux_x86_64.whl");
        _cache.AddPage("demo");
        using (CacheLock.AcquireShared(_cache.Root, TimeSpan.Zero, CancellationToken.None))
        {
        }

        var removed = new CacheCleaner(_cache.Root).CleanAll(CancellationToken.None);

        removed.Select(removal => removal.Path).Should().Contain([CacheRoot.WheelsBucket, BuiltWheelCache.Bucket, PageCache.Bucket, CacheRoot.LocationsBucket]);
        Directory.EnumerateFileSystemEntries(_cache.Root.Path).Select(Path.GetFileName)
            .Should().BeEquivalentTo([CacheLock.FileName, CacheLayout.TagFileName, CacheRoot.TempBucket]);
        Directory.EnumerateFileSystemEntries(_cache.Root.Bucket(CacheRoot.TempBucket)).Should().BeEmpty();
    }

    [Fact]
    public void Clean_with_a_name_removes_that_projects_wheels_built_wheels_pages_and_pointers_only()
    {
        var demo = _cache.AddWheel("demo_pkg-1.0-py3-none-any.whl");
        var demoAgain = _cache.AddWheel("demo_pkg-2.0-py3-none-any.whl");
        var other = _cache.AddWheel("other-1.0-py3-none-any.whl");
        var demoBuilt = _cache.AddBuiltWheel("demo_pkg-3.0-cp311-cp311-linux_x86_64.whl");
        var otherBuilt = _cache.AddBuiltWheel("other-3.0-cp311-cp311-linux_x86_64.whl");
        var demoPage = _cache.AddPage("Demo.Pkg");
        var otherPage = _cache.AddPage("other");
        var pointers = new LocationPointers(_cache.Root);

        // PEP 503: Demo.Pkg, demo-pkg and demo_pkg are one project.
        var removed = new CacheCleaner(_cache.Root).CleanProjects([PackageName.Parse("DEMO-pkg")], CancellationToken.None);

        removed.Should().HaveCount(6);
        removed.Should().Contain(removal => removal.Reason == "demo-pkg 1.0");
        Directory.Exists(_cache.Root.WheelEntryPath(demo)).Should().BeFalse();
        Directory.Exists(_cache.Root.WheelEntryPath(demoAgain)).Should().BeFalse();
        Directory.Exists(demoBuilt).Should().BeFalse();
        Directory.Exists(Path.GetDirectoryName(demoBuilt)).Should().BeFalse("the sdist's folder is left empty");
        File.Exists(demoPage).Should().BeFalse();
        pointers.TryGetSha256("https://files.example/demo_pkg-1.0-py3-none-any.whl").Should().BeNull();

        Directory.Exists(_cache.Root.WheelEntryPath(other)).Should().BeTrue();
        Directory.Exists(otherBuilt).Should().BeTrue();
        File.Exists(otherPage).Should().BeTrue();
        pointers.TryGetSha256("https://files.example/other-1.0-py3-none-any.whl").Should().Be(other);
    }

    [Fact]
    public void Clean_of_a_project_not_in_the_cache_removes_nothing()
    {
        _cache.AddWheel("demo-1.0-py3-none-any.whl");
        var before = PopulatedCache.Snapshot(_cache.Root);

        new CacheCleaner(_cache.Root).CleanProjects([PackageName.Parse("absent")], CancellationToken.None).Should().BeEmpty();

        PopulatedCache.Snapshot(_cache.Root).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void A_cached_page_names_its_project_by_the_last_segment_of_its_url()
    {
        var page = _cache.AddPage("Zope.Interface");

        CacheCleaner.ProjectOfPage(page).Should().Be(PackageName.Parse("zope-interface"));
    }
}
