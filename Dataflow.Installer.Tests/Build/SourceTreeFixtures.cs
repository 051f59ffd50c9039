using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Build;

/// <summary>Copies of <c>fixtures/sdists/</c> source trees; builds write into their tree (setuptools' build/, egg-info), so each test gets its own copy.</summary>
internal static class SourceTreeFixtures
{
    public static string Folder => Path.Combine(TestWheelsFixture.FindRepositoryRoot(), "fixtures", "sdists");

    /// <summary>Copies fixture <paramref name="name"/> to <c>into/name</c> and returns the copy's path.</summary>
    public static string CopyTo(TemporaryDirectory into, string name)
    {
        var source = Path.Combine(Folder, name);
        var target = into.Combine(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains("__pycache__"))
            {
                continue;
            }
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
