using System.Formats.Tar;
using System.IO.Compression;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Makes sdists for end-to-end tests from the trees under <c>fixtures/sdists</c>, and the real build requirements.</summary>
internal static class SourceDists
{
    private static readonly Lazy<Task<string>> BuildRequirements = new(MakeBuildRequirementsAsync);

    /// <summary>Packs fixture tree <paramref name="fixture"/> as <c>LINKS/NAME-VERSION.tar.gz</c> and returns LINKS.</summary>
    public static string Pack(string links, string fixture, string name, string version = "1.0") =>
        PackTree(links, FixtureTree(fixture), name, version, staging => WritePkgInfo(staging, name, version, []));

    // Every sdist carries PKG-INFO (the sdist format requires it); resolvers read a build requirement's dependencies from it.
    private static void WritePkgInfo(string staging, string name, string version, string[] dependencies) =>
        File.WriteAllText(Path.Combine(staging, "PKG-INFO"),
            $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + string.Concat(dependencies.Select(requirement => $"Requires-Dist: {requirement}\n")));

    /// <summary>
    /// An in-tree-backend project of any name (the backend reads <c>[project]</c>): <paramref name="buildRequires"/>
    /// becomes its <c>build-system.requires</c> and <paramref name="dependencies"/> its <c>Requires-Dist</c>.
    /// </summary>
    public static string InTree(string links, string name, string version, string[] buildRequires, string[]? dependencies = null)
    {
        var module = name.Replace('-', '_').ToLowerInvariant();
        return PackTree(links, FixtureTree("inTreeDemo"), module, version, staging =>
        {
            Directory.Move(Path.Combine(staging, "intree_demo"), Path.Combine(staging, module));
            File.WriteAllText(Path.Combine(staging, module, "__init__.py"), $"GREETING = \"hello from {module}\"\n\n\ndef main():\n    print(GREETING)\n    return 0\n");
            File.WriteAllText(Path.Combine(staging, "pyproject.toml"), $"""
                [build-system]
                requires = [{Quoted(buildRequires)}]
                build-backend = "backend"
                backend-path = ["_backend"]

                [project]
                name = "{name}"
                version = "{version}"
                dependencies = [{Quoted(dependencies ?? [])}]

                """);
            WritePkgInfo(staging, name, version, dependencies ?? []);
        });
    }

    /// <summary>Copies fixture tree <paramref name="fixture"/> to the project folder <paramref name="target"/> and returns it.</summary>
    public static string Folder(string target, string fixture)
    {
        CopyTree(FixtureTree(fixture), target);
        return target;
    }

    /// <summary>A folder holding setuptools (ensurepip's wheel) and wheel (Debian's, packed): real build requirements.</summary>
    public static Task<string> BuildRequirementsAsync() => BuildRequirements.Value;

    /// <summary>Copies the build requirements into <paramref name="links"/> and returns it.</summary>
    public static async Task<string> WithBuildRequirementsAsync(string links)
    {
        Directory.CreateDirectory(links);
        foreach (var wheel in Directory.GetFiles(await BuildRequirementsAsync(), "*.whl"))
        {
            File.Copy(wheel, Path.Combine(links, Path.GetFileName(wheel)), overwrite: true);
        }
        return links;
    }

    private static string Quoted(IEnumerable<string> items) => string.Join(", ", items.Select(item => $"\"{item}\""));

    private static string FixtureTree(string fixture) => Path.Combine(TestWheelsFixture.FindRepositoryRoot(), "fixtures", "sdists", fixture);

    private static string PackTree(string links, string source, string name, string version, Action<string>? edit)
    {
        var staging = Path.Combine(links, "..", "staging-" + Guid.NewGuid().ToString("N")[..8], $"{name}-{version}");
        CopyTree(source, staging);
        edit?.Invoke(staging);
        Directory.CreateDirectory(links);
        var archive = Path.Combine(links, $"{name}-{version}.tar.gz");
        using (var output = File.Create(archive))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            TarFile.CreateFromDirectory(staging, gzip, includeBaseDirectory: true);
        }
        return links;
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories).Where(path => !path.Contains("__pycache__", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(path => !path.Contains("__pycache__", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }
    }

    private static async Task<string> MakeBuildRequirementsAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dfi-e2e-build-requirements-" + Guid.NewGuid().ToString("N")[..12]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var script = Path.Combine(TestWheelsFixture.FindRepositoryRoot(), "fixtures", "make_build_requirements.py");
        (await ChildProcess.RunAsync("python3", [script, folder], timeout: TimeSpan.FromMinutes(1))).ShouldSucceed();
        return folder;
    }
}
