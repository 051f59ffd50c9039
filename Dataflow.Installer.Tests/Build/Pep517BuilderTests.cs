using System.IO.Compression;
using Dataflow.Installer.Build;
using Dataflow.Installer.Cache;
using Dataflow.Installer.Download;
using Dataflow.Installer.Standards;
using Dataflow.Installer.Tests.Support;
using Dataflow.Installer.Unzip;

namespace Dataflow.Installer.Tests.Build;

public sealed class Pep517BuilderTests : IDisposable
{
    private const string Python = "python3";
    private static readonly ConfigSettings NoSettings = ConfigSettings.None;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task An_in_tree_backend_builds_a_wheel_whose_name_parses_and_whose_RECORD_holds()
    {
        var tree = SourceTreeFixtures.CopyTo(temp, "inTreeDemo");
        using var builder = new Pep517Builder();

        // The backend prints to stdout while building; the answer must still come through.
        var wheel = await builder.BuildWheelAsync(tree, BuildSystem.Read(tree), Python, NoSettings, temp.Combine("out"), CancellationToken.None);

        Path.GetDirectoryName(wheel).Should().Be(temp.Combine("out"));
        WheelFilename.TryParse(Path.GetFileName(wheel), out var name).Should().BeTrue();
        name!.Name.Normalized.Should().Be("intree-demo");
        using (var zip = ZipFile.OpenRead(wheel))
        {
            zip.Entries.Select(entry => entry.FullName).Should().Contain(["intree_demo/__init__.py", "intree_demo-1.0.dist-info/entry_points.txt"]);
        }
        // The unzip stage checks every member against RECORD and refuses a wheel that disagrees.
        var entry = new WheelUnzipper(new CacheRoot(temp.Combine("cache")))
            .Unzip(new DownloadedArchive(wheel, new string('0', 64), new FileInfo(wheel).Length, IsScratch: false), name.FileName, "intree_demo-1.0", CancellationToken.None);
        File.Exists(Path.Combine(entry.Tree, "intree_demo", "__init__.py")).Should().BeTrue();
    }

    [Fact]
    public async Task Get_requires_passes_config_settings_to_the_backend_and_returns_its_answer()
    {
        var tree = SourceTreeFixtures.CopyTo(temp, "inTreeDemo");
        using var builder = new Pep517Builder();
        var settings = ConfigSettings.Parse(["extra-requires=cython>=3,numpy"], item => new FormatException(item));

        var requires = await builder.GetRequiresForBuildWheelAsync(tree, BuildSystem.Read(tree), Python, settings, CancellationToken.None);
        var none = await builder.GetRequiresForBuildWheelAsync(tree, BuildSystem.Read(tree), Python, NoSettings, CancellationToken.None);

        requires.Should().Equal("cython>=3", "numpy");
        none.Should().BeEmpty();
    }

    [Fact]
    public async Task A_backend_without_the_get_requires_hook_needs_nothing_more()
    {
        var tree = SourceTreeFixtures.CopyTo(temp, "hangingDemo");
        using var builder = new Pep517Builder();

        var requires = await builder.GetRequiresForBuildWheelAsync(tree, BuildSystem.Read(tree), Python, NoSettings, CancellationToken.None);

        requires.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_backend_is_a_build_error_quoting_its_message_and_output()
    {
        var tree = SourceTreeFixtures.CopyTo(temp, "failingDemo");
        using var builder = new Pep517Builder();

        var act = () => builder.BuildWheelAsync(tree, BuildSystem.Read(tree), Python, NoSettings, temp.Combine("out"), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        error.Should().StartWith("building failingDemo failed: build_wheel exited with code 1");
        error.Should().Contain("RuntimeError: failingDemo cannot be built: the compiler 'imaginary-cc' was not found");
        error.Should().Contain("failing backend: looking for a compiler").And.Contain("failing backend: none found");
    }

    [Fact]
    public async Task A_backend_that_cannot_be_imported_is_a_build_error_naming_it()
    {
        var tree = temp.Combine("noBackend");
        Directory.CreateDirectory(Path.Combine(tree, "_backend"));
        File.WriteAllText(Path.Combine(tree, "pyproject.toml"), "[build-system]\nrequires = []\nbuild-backend = \"missing_backend\"\nbackend-path = [\"_backend\"]\n");
        using var builder = new Pep517Builder();

        var act = () => builder.GetRequiresForBuildWheelAsync(tree, BuildSystem.Read(tree), Python, NoSettings, CancellationToken.None);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message
            .Should().StartWith("building noBackend failed").And.Contain("cannot import the build backend 'missing_backend'");
    }

    [Fact]
    public async Task An_in_tree_backend_must_come_from_backend_path_and_not_from_an_installed_module()
    {
        var tree = temp.Combine("shadowed");
        Directory.CreateDirectory(Path.Combine(tree, "_backend"));
        // 'json' is found in the standard library, not in backend-path (PEP 517, "In-tree build backends").
        File.WriteAllText(Path.Combine(tree, "pyproject.toml"), "[build-system]\nrequires = []\nbuild-backend = \"json\"\nbackend-path = [\"_backend\"]\n");
        using var builder = new Pep517Builder();

        var act = () => builder.GetRequiresForBuildWheelAsync(tree, BuildSystem.Read(tree), Python, NoSettings, CancellationToken.None);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("not from backend-path");
    }

    [Fact]
    public async Task The_source_tree_is_not_importable_unless_backend_path_says_so()
    {
        // PEP 517: without backend-path, a module in the tree must not shadow the backend.
        var tree = SourceTreeFixtures.CopyTo(temp, "inTreeDemo");
        File.Copy(Path.Combine(tree, "_backend", "backend.py"), Path.Combine(tree, "backend.py"));
        var system = BuildSystem.Read(tree) with { BackendPath = [] };
        using var builder = new Pep517Builder();

        var act = () => builder.GetRequiresForBuildWheelAsync(tree, system, Python, NoSettings, CancellationToken.None);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("cannot import the build backend 'backend'");
    }

    [Fact]
    public async Task Cancelling_a_build_kills_the_backend_and_the_processes_it_started()
    {
        var tree = SourceTreeFixtures.CopyTo(temp, "hangingDemo");
        var pidFile = temp.Combine("pids");
        using var builder = new Pep517Builder();
        using var cancellation = new CancellationTokenSource();

        var build = builder.BuildWheelAsync(tree, BuildSystem.Read(tree), Python, ConfigSettings.Parse([$"pid-file={pidFile}"], item => new FormatException(item)), temp.Combine("out"), cancellation.Token);
        var pids = await WaitForPidsAsync(pidFile, build);
        cancellation.Cancel();

        await build.Invoking(task => task.WaitAsync(Deadline)).Should().ThrowAsync<OperationCanceledException>();
        pids.Should().HaveCount(2);
        (await AllDeadWithinAsync(pids, TimeSpan.FromSeconds(10))).Should().BeTrue("the backend and its helper were killed");
    }

    // SIGKILL is delivered asynchronously: a killed process can still be seen running for a moment after Kill returns.
    private static async Task<bool> AllDeadWithinAsync(IReadOnlyList<int> pids, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (pids.Any(IsAlive))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }

    [Fact]
    public async Task The_builder_runs_no_more_builds_at_once_than_it_is_allowed()
    {
        var tree = SourceTreeFixtures.CopyTo(temp, "inTreeDemo");
        using var builder = new Pep517Builder(maxConcurrentBuilds: 1);

        var builds = Enumerable.Range(0, 3)
            .Select(_ => builder.GetRequiresForBuildWheelAsync(tree, BuildSystem.Read(tree), Python, NoSettings, CancellationToken.None));
        await Task.WhenAll(builds).WaitAsync(Deadline);

        builder.HighestConcurrentBuilds.Should().Be(1);
    }

    [Fact]
    public async Task The_high_water_mark_counts_builds_running_at_the_same_time()
    {
        using var builder = new Pep517Builder(maxConcurrentBuilds: 2);
        using var cancellation = new CancellationTokenSource();
        var builds = new List<Task<string>>();
        var pids = new List<Task<int[]>>();
        foreach (var copy in new[] { "one", "two" })
        {
            var tree = SourceTreeFixtures.CopyTo(temp, "hangingDemo");
            Directory.Move(tree, temp.Combine(copy));
            var pidFile = temp.Combine(copy + ".pids");
            var build = builder.BuildWheelAsync(temp.Combine(copy), BuildSystem.Read(temp.Combine(copy)), Python, ConfigSettings.Parse([$"pid-file={pidFile}"], item => new FormatException(item)), temp.Combine("out"), cancellation.Token);
            builds.Add(build);
            pids.Add(WaitForPidsAsync(pidFile, build));
        }

        // Both backends are running once both have written their pids.
        await Task.WhenAll(pids);
        builder.HighestConcurrentBuilds.Should().Be(2);

        cancellation.Cancel();
        foreach (var build in builds)
        {
            await build.Invoking(task => task.WaitAsync(Deadline)).Should().ThrowAsync<OperationCanceledException>();
        }
    }

    /// <summary>Waits for the hanging backend to write its pid and its helper's; a build that ends first fails the wait.</summary>
    private static async Task<int[]> WaitForPidsAsync(string pidFile, Task build)
    {
        async Task<int[]> PollAsync()
        {
            while (!File.Exists(pidFile))
            {
                if (build.IsCompleted)
                {
                    await build;
                    throw new InvalidOperationException("the hanging backend finished");
                }
                await Task.Delay(20);
            }
            return [.. (await File.ReadAllLinesAsync(pidFile)).Where(line => line.Length > 0).Select(int.Parse)];
        }
        return await PollAsync().WaitAsync(Deadline);
    }

    /// <summary>True while the process exists and is not a zombie (a killed helper's parent may never reap it).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
