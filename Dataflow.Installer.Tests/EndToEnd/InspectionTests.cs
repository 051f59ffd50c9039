using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>
/// <c>dfi list/freeze/check/show</c> against the real pip 23.2 on the same environments: a venv made by
/// <c>python3 -m venv</c> (so pip and setuptools are in it), filled by pip from the fixture wheels.
/// </summary>
public sealed class InspectionTests(TestWheelsFixture wheels, InspectionTests.Environments environments)
    : IClassFixture<TestWheelsFixture>, IClassFixture<InspectionTests.Environments>
{
    public static TheoryData<string[]> Commands => new()
    {
        new[] { "list" },
        new[] { "list", "--format", "freeze" },
        new[] { "list", "--format", "json" },
        new[] { "freeze" },
        new[] { "freeze", "--all" },
        new[] { "check" },
        new[] { "show", "theta" },
        new[] { "show", "Zope_Thing", "beta", "alpha", "iota", "pip" },
        new[] { "show", "--files", "theta", "zope.other" },
        new[] { "show", "nope", "alpha" },
        new[] { "show", "nope" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Output_and_exit_code_match_pip_on_an_environment_with_broken_requirements(string[] command)
    {
        var venv = await environments.BrokenAsync(wheels);
        await ShouldMatchPipAsync(venv, command);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("list")]
    [InlineData("freeze")]
    public async Task Output_and_exit_code_match_pip_on_a_consistent_environment(string command)
    {
        var venv = await environments.HealthyAsync(wheels);
        await ShouldMatchPipAsync(venv, [command]);
    }

    public static TheoryData<string[]> ReachingCommands => new()
    {
        new[] { "list" },
        new[] { "list", "--format", "json" },
        new[] { "list", "--format", "freeze" },
        new[] { "freeze" },
        new[] { "check" },
        new[] { "show", "Demo.Develop" },
        new[] { "show", "--files", "demo-develop", "extra-thing" },
        new[] { "list", "--local" },
        new[] { "list", "-l", "--format", "json" },
        new[] { "list", "--editable" },
        new[] { "list", "--exclude-editable", "--format", "freeze" },
        new[] { "list", "--not-required" },
        new[] { "list", "--not-required", "-l" },
        new[] { "freeze", "-l" },
        new[] { "freeze", "--exclude-editable" },
        new[] { "freeze", "--all", "--exclude", "alpha", "--exclude", "Demo_Develop" },
        new[] { "list", "-v" },
        new[] { "list", "-v", "--format", "json" },
        new[] { "list", "-v", "--format", "freeze", "-e" },
        new[] { "list", "--exclude", "Demo.Develop", "--not-required" },
        new[] { "show", "-v", "pip", "alpha", "demo-develop", "extra-thing", "setuptools" },
        new[] { "freeze", "--all" },
    };

    [Theory]
    [MemberData(nameof(ReachingCommands))]
    public async Task Output_and_exit_code_match_pip_with_the_base_site_packages_a_develop_install_and_a_pth_folder(string[] command)
    {
        var venv = await environments.ReachingAsync(wheels);
        await ShouldMatchPipAsync(venv, command);
    }

    [Fact]
    public async Task A_develop_install_and_a_pth_folder_are_listed_with_the_base_interpreters_distributions()
    {
        var venv = await environments.ReachingAsync(wheels);

        var dfi = (await DfiProcess.RunAsync("list", "--python", venv, "--cache-dir", Cache(venv))).ShouldSucceed();

        dfi.Stdout.Should().StartWith("Package ").And.Contain("Editable project location");
        dfi.Stdout.Split('\n').Should().Contain(line => line.StartsWith("Demo.Develop ", StringComparison.Ordinal) && line.EndsWith(Path.Combine(Path.GetDirectoryName(venv)!, "develop-project", "src"), StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("extra-thing ", StringComparison.Ordinal))
            .And.Contain(line => line.StartsWith("alpha ", StringComparison.Ordinal));
        var check = await DfiProcess.RunAsync("check", "--python", venv, "--cache-dir", Cache(venv));
        check.Stdout.Should().Contain("demo-develop 0.5 has requirement alpha>=2, but you have alpha 1.0.")
            .And.Contain("extra-thing 1.0 requires missing-thing, which is not installed.");
    }

    [Fact]
    public async Task List_local_keeps_what_the_venv_links_to_and_drops_what_lies_outside_it()
    {
        var venv = await environments.ReachingAsync(wheels);

        var all = (await DfiProcess.RunAsync("list", "--format", "freeze", "--python", venv, "--cache-dir", Cache(venv))).ShouldSucceed().Stdout;
        var local = (await DfiProcess.RunAsync("list", "--local", "--format", "freeze", "--python", venv, "--cache-dir", Cache(venv))).ShouldSucceed().Stdout;
        var editable = (await DfiProcess.RunAsync("list", "-e", "--format", "freeze", "--python", venv, "--cache-dir", Cache(venv))).ShouldSucceed().Stdout;

        all.Should().Contain("extra-thing==1.0\n");
        local.Should().Contain("alpha==1.0\n").And.Contain("Demo.Develop==0.5\n", "pip takes a develop install to be where its egg-link is")
            .And.NotContain("extra-thing", "a .pth folder outside the venv is not local");
        editable.Should().Be("Demo.Develop==0.5\n");
    }

    [Fact]
    public async Task Check_reports_the_unmet_and_the_conflicting_requirement_and_exits_1()
    {
        var venv = await environments.BrokenAsync(wheels);

        var dfi = await DfiProcess.RunAsync("check", "--python", venv, "--cache-dir", Cache(venv));

        dfi.ExitCode.Should().Be(1, dfi.ToString());
        dfi.Stdout.Should().Be(
            "theta 1.0 requires missing-dep, which is not installed.\n" +
            "theta 1.0 has requirement alpha>=2.0, but you have alpha 1.0.\n");
    }

    [Fact]
    public async Task Show_warns_on_stderr_about_names_that_are_not_installed()
    {
        var venv = await environments.HealthyAsync(wheels);

        var dfi = await DfiProcess.RunAsync("show", "nope", "--python", venv, "--cache-dir", Cache(venv));

        dfi.ExitCode.Should().Be(1);
        dfi.Stdout.Should().BeEmpty();
        dfi.Stderr.Should().Contain("Package(s) not found: nope");
    }

    [Fact]
    public async Task The_environment_defaults_to_VIRTUAL_ENV()
    {
        var venv = await environments.HealthyAsync(wheels);
        var pip = await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-m", "pip", "list", "--format", "freeze"]);

        var dfi = await DfiProcess.RunAsync(["list", "--format", "freeze", "--cache-dir", Cache(venv)], new Dictionary<string, string?> { ["VIRTUAL_ENV"] = venv });

        dfi.ShouldSucceed().Stdout.Should().Contain("beta==1.0").And.Be(pip.Stdout);
    }

    private static async Task ShouldMatchPipAsync(string venv, string[] command)
    {
        var pip = await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-m", "pip", .. command]);
        var dfi = await DfiProcess.RunAsync([.. command, "--python", venv, "--cache-dir", Cache(venv)], environment: null);

        dfi.Stdout.Should().Be(pip.Stdout, $"dfi must print what pip prints\n{pip}\n{dfi}");
        dfi.ExitCode.Should().Be(pip.ExitCode, $"dfi must exit as pip does\n{pip}\n{dfi}");
    }

    // Beside the environments, so the tests leave nothing in the user's cache.
    private static string Cache(string venv) => Path.Combine(Path.GetDirectoryName(venv)!, "cache");

    /// <summary>Two pip-made environments, built once for the class and only read by its tests.</summary>
    public sealed class Environments : IDisposable
    {
        private readonly TemporaryDirectory _directory = new();
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string? _broken;
        private string? _healthy;
        private string? _reaching;

        /// <summary>alpha 1.0, beta, delta, Zope.Thing, zope.other, epsilon 1.0, and theta and iota installed from their files (PEP 610).</summary>
        public async Task<string> BrokenAsync(TestWheelsFixture wheels) => await OnceAsync(() => _broken, value => _broken = value, async () =>
        {
            var venv = await CreateAsync("broken");
            await PipInstallAsync(venv, "--no-index", "--find-links", wheels.Folder, "alpha==1.0", "beta", "delta", "Zope.Thing", "zope.other", "epsilon==1.0");
            var inspect = Path.Combine(wheels.Folder, "inspect");
            await PipInstallAsync(venv, "--no-index", "--no-deps", Path.Combine(inspect, "theta-1.0-py3-none-any.whl"), Path.Combine(inspect, "iota-1.0.0a1-py3-none-any.whl"));
            return venv;
        });

        /// <summary>alpha 1.0 and beta: every requirement met.</summary>
        public async Task<string> HealthyAsync(TestWheelsFixture wheels) => await OnceAsync(() => _healthy, value => _healthy = value, async () =>
        {
            var venv = await CreateAsync("healthy");
            await PipInstallAsync(venv, "--no-index", "--find-links", wheels.Folder, "alpha==1.0", "beta");
            return venv;
        });

        /// <summary>
        /// A venv that includes the base interpreter's site-packages, with alpha 1.0 from pip, a project installed by
        /// <c>setup.py develop</c> (an egg-link and an <c>easy-install.pth</c> line), and a <c>.pth</c> file naming a folder
        /// that holds one more distribution.
        /// </summary>
        public async Task<string> ReachingAsync(TestWheelsFixture wheels) => await OnceAsync(() => _reaching, value => _reaching = value, async () =>
        {
            var venv = _directory.Combine("reaching");
            (await ChildProcess.RunAsync("python3", ["-m", "venv", "--system-site-packages", venv], timeout: TimeSpan.FromMinutes(2))).ShouldSucceed();
            await PipInstallAsync(venv, "--no-index", "--find-links", wheels.Folder, "alpha==1.0");
            var project = _directory.Combine("develop-project");
            Directory.CreateDirectory(Path.Combine(project, "src", "demo_develop"));
            File.WriteAllText(Path.Combine(project, "src", "demo_develop", "__init__.py"), "");
            File.WriteAllText(Path.Combine(project, "setup.py"),
                "from setuptools import setup\n" +
                "setup(name='Demo.Develop', version='0.5', package_dir={'': 'src'}, packages=['demo_develop'], install_requires=['alpha>=2'])\n");
            (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["setup.py", "-q", "develop", "--no-deps"], workingDirectory: project, timeout: TimeSpan.FromMinutes(2))).ShouldSucceed();
            // A checkout with a remote: freeze names the remote and commit, as pip asks git for them.
            foreach (var git in new[] { new[] { "init", "-q" }, ["add", "setup.py", "src"], ["-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "-m", "init"], ["remote", "add", "origin", "https://example.org/demo-develop.git"] })
            {
                (await ChildProcess.RunAsync("git", git, workingDirectory: project)).ShouldSucceed();
            }
            var extra = _directory.Combine("extra-folder");
            Directory.CreateDirectory(Path.Combine(extra, "extra_thing-1.0.dist-info"));
            File.WriteAllText(Path.Combine(extra, "extra_thing-1.0.dist-info", "METADATA"), "Metadata-Version: 2.1\nName: extra-thing\nVersion: 1.0\nRequires-Dist: missing-thing\n");
            File.WriteAllText(Path.Combine(extra, "extra_thing-1.0.dist-info", "RECORD"), "extra_thing-1.0.dist-info/METADATA,,\n");
            File.WriteAllText(Path.Combine(venv, "lib", "python3.11", "site-packages", "extra.pth"), extra + "\n");
            return venv;
        });

        public void Dispose()
        {
            _gate.Dispose();
            _directory.Dispose();
        }

        private async Task<string> OnceAsync(Func<string?> get, Action<string> set, Func<Task<string>> create)
        {
            await _gate.WaitAsync();
            try
            {
                if (get() is { } existing)
                {
                    return existing;
                }
                var created = await create();
                set(created);
                return created;
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task<string> CreateAsync(string name)
        {
            var venv = _directory.Combine(name);
            (await ChildProcess.RunAsync("python3", ["-m", "venv", venv], timeout: TimeSpan.FromMinutes(2))).ShouldSucceed();
            return venv;
        }

        private static async Task PipInstallAsync(string venv, params string[] arguments) =>
            (await ChildProcess.RunAsync(Path.Combine(venv, "bin", "python"), ["-m", "pip", "install", "--quiet", .. arguments], timeout: TimeSpan.FromMinutes(2))).ShouldSucceed();
    }
}
