using Dataflow.Installer.Install;

namespace Dataflow.Installer.Tests.Install;

public sealed class EmptyFolderRemovalTests : IDisposable
{
    private readonly string _prefix = Directory.CreateTempSubdirectory("dfi-empty-folders-").FullName;

    public void Dispose() => Directory.Delete(_prefix, recursive: true);

    [Fact]
    public void A_folder_already_removed_by_a_distribution_sharing_it_still_lets_its_empty_parents_go()
    {
        // Two distributions of one namespace (zope.a, zope.b) leave in parallel: the other one removed zope/b first.
        var lib = Path.Combine(_prefix, "lib");
        Directory.CreateDirectory(Path.Combine(lib, "zope"));
        var gone = Path.Combine(lib, "zope", "b");

        var act = () => Uninstaller.RemoveEmptyDirectories(gone, _prefix, [lib]);

        act.Should().NotThrow();
        Directory.Exists(Path.Combine(lib, "zope")).Should().BeFalse("the namespace folder became empty");
        Directory.Exists(lib).Should().BeTrue("kept folders stay");
    }

    [Fact]
    public void A_shared_folder_that_still_holds_another_distributions_files_is_kept()
    {
        var lib = Path.Combine(_prefix, "lib");
        var a = Path.Combine(lib, "zope", "a");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(Path.Combine(lib, "zope", "b"));
        File.WriteAllText(Path.Combine(lib, "zope", "b", "__init__.py"), "");

        Uninstaller.RemoveEmptyDirectories(a, _prefix, [lib]);

        Directory.Exists(a).Should().BeFalse();
        Directory.Exists(Path.Combine(lib, "zope", "b")).Should().BeTrue();
    }
}
