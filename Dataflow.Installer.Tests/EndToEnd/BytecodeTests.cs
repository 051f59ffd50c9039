namespace Dataflow.Installer.Tests.EndToEnd;

/// <summary>Issue 7, end to end: <c>dfi sync --compile-bytecode</c> writes and lists bytecode as pip does, checked with real python and pip.</summary>
public sealed class BytecodeTests(TestWheelsFixture wheels) : IClassFixture<TestWheelsFixture>
{
    private static readonly string[] Set = ["alpha", "beta", "delta", "Zope.Thing", "zope.other", "kappa"];

    private string BytecodeFolder => Path.Combine(wheels.Folder, "bytecode");

    [Fact]
    public async Task Every_installed_module_gets_a_pyc_listed_in_its_record_exactly_as_pip_writes_the_record()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var pipVenv = sandbox.Combine("pip-venv");
        await sandbox.CreateVenvAsync(pipVenv);

        var mark = Guid.NewGuid().ToString("N");
        (await SyncAsync(sandbox, new Dictionary<string, string?> { ["DFI_TEST_MARK"] = mark })).ShouldSucceed();
        (await Pip.RunAsync(pipVenv, ["install", "--no-index", "-f", wheels.Folder, "-f", BytecodeFolder, .. Set]))
            .ShouldSucceed();

        var sitePackages = sandbox.SitePackages;
        var pipSitePackages = Path.Combine(pipVenv, "lib", "python3.11", "site-packages");
        Bytecode(sitePackages).Should().Equal(Bytecode(pipSitePackages)).And.Contain(
            "kappa/__pycache__/good.cpython-311.pyc", "kappa/sub/__pycache__/deep.cpython-311.pyc", "__pycache__/delta_extra.cpython-311.pyc");
        var distInfos = Directory.GetDirectories(sitePackages, "*.dist-info").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        distInfos.Should().HaveCount(Set.Length);
        foreach (var distInfo in distInfos)
        {
            // INSTALLER says dfi or pip and a launcher's hash depends on its venv's path; every other row, the .pyc rows
            // among them, is the same, in the same order.
            Record(sitePackages, distInfo!).Select(WithoutLauncherHash).Should().Equal(Record(pipSitePackages, distInfo!).Select(WithoutLauncherHash), distInfo);
        }
        Record(sitePackages, "kappa-1.0.dist-info").Should().Contain("kappa/__pycache__/__init__.cpython-311.pyc,,");
        // Every .pyc is listed by the RECORD of the distribution that installed its source.
        var listed = distInfos.SelectMany(distInfo => Record(sitePackages, distInfo!)).Where(row => row.Contains(".pyc,", StringComparison.Ordinal))
            .Select(row => row.Split(',')[0]).Order(StringComparer.Ordinal);
        listed.Should().Equal(Bytecode(sitePackages));
        NoWorkerIsLeft(mark);
    }

    [Fact]
    public async Task A_module_with_a_syntax_error_is_a_warning_naming_it_and_the_sync_succeeds()
    {
        using var sandbox = await SyncSandbox.CreateAsync();

        var sync = (await SyncAsync(sandbox, "kappa")).ShouldSucceed();

        sync.Stderr.Should().Contain($"Cannot compile {Path.Combine(sandbox.SitePackages, "kappa", "broken.py")}: SyntaxError:");
        Bytecode(sandbox.SitePackages).Should().NotContain(path => path.Contains("broken", StringComparison.Ordinal)).And.HaveCount(4);
        (await sandbox.RunPythonAsync("import kappa; print(kappa.answer())")).ShouldSucceed().Stdout.Should().Be("42\n");
    }

    [Theory]
    [InlineData(null, 0)]
    // PEP 552: with SOURCE_DATE_EPOCH, py_compile (and so pip) writes checked hash-based .pyc files (flags 0b11).
    [InlineData("1700000000", 3)]
    public async Task The_pyc_is_the_one_py_compile_writes_and_python_imports_it(string? sourceDateEpoch, int flags)
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = sourceDateEpoch };

        (await SyncAsync(sandbox, environment, "kappa")).ShouldSucceed();

        var source = Path.Combine(sandbox.SitePackages, "kappa", "good.py");
        var pyc = Path.Combine(sandbox.SitePackages, "kappa", "__pycache__", "good.cpython-311.pyc");
        var reference = sandbox.Combine("reference.pyc");
        (await ChildProcess.RunAsync(sandbox.Python, ["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", source, reference], environment))
            .ShouldSucceed();
        var bytes = File.ReadAllBytes(pyc);
        bytes.Should().Equal(File.ReadAllBytes(reference));
        BitConverter.ToInt32(bytes, 4).Should().Be(flags);
        var import = (await ChildProcess.RunAsync(sandbox.Python, ["-v", "-c", "import kappa.good; print(kappa.good.__cached__)"], environment)).ShouldSucceed();
        import.Stdout.Should().Be(pyc + "\n");
        import.Stderr.Should().Contain($"code object from '{pyc}'", "python loads the module from the .pyc instead of compiling it again");
    }

    [Fact]
    public async Task Pip_uninstall_removes_the_bytecode_and_leaves_no_pycache()
    {
        using var sandbox = await SyncSandbox.CreateAsync();
        (await SyncAsync(sandbox)).ShouldSucceed();
        Bytecode(sandbox.SitePackages).Should().NotBeEmpty();

        (await sandbox.PipAsync(["uninstall", "-y", .. Set])).ShouldSucceed();

        Directory.GetFiles(sandbox.SitePackages, "*", SearchOption.AllDirectories).Should().BeEmpty("pip removed every file the install made");
        // Only the PEP 420 namespace folder zope/ stays, empty, as it does after pip's own install and uninstall.
        Directory.GetDirectories(sandbox.SitePackages, "*", SearchOption.AllDirectories).Should().Equal(Path.Combine(sandbox.SitePackages, "zope"));
    }

    [Fact]
    public async Task Batch_compiles_the_bytecode_of_every_environment()
    {
        using var workspace = new BatchWorkspace();
        await using var server = wheels.StartServer();
        workspace.WriteManifest(new Dictionary<string, string[]> { ["one"] = ["alpha==2.0", "beta==1.0"], ["two"] = ["alpha==1.0"] });

        var mark = Guid.NewGuid().ToString("N");
        var batch = await DfiProcess.RunAsync(
            ["batch", workspace.Manifest, "-i", server.IndexUrl.AbsoluteUri, "--cache-dir", workspace.Cache, "--compile-bytecode"],
            new Dictionary<string, string?> { ["DFI_TEST_MARK"] = mark });

        batch.ShouldSucceed();
        Bytecode(Path.Combine(workspace.EnvironmentPath("one"), "lib", "python3.11", "site-packages")).Should().Equal(
            "alpha/__pycache__/__init__.cpython-311.pyc", "alpha/__pycache__/_version.cpython-311.pyc",
            "beta/__pycache__/__init__.cpython-311.pyc", "beta/__pycache__/cli.cpython-311.pyc");
        var two = Path.Combine(workspace.EnvironmentPath("two"), "lib", "python3.11", "site-packages");
        Bytecode(two).Should().Equal("alpha/__pycache__/__init__.cpython-311.pyc", "alpha/__pycache__/_version.cpython-311.pyc");
        Record(two, "alpha-1.0.dist-info").Should().Contain("alpha/__pycache__/_version.cpython-311.pyc,,");
        NoWorkerIsLeft(mark);
    }

    [Fact]
    public async Task Without_the_option_no_bytecode_is_written()
    {
        using var sandbox = await SyncSandbox.CreateAsync();

        (await sandbox.SyncAsync([sandbox.WriteRequirements("requirements.txt", "kappa"), "--no-index", "-f", BytecodeFolder], environment: null)).ShouldSucceed();

        Bytecode(sandbox.SitePackages).Should().BeEmpty();
        Record(sandbox.SitePackages, "kappa-1.0.dist-info").Should().NotContain(row => row.Contains(".pyc", StringComparison.Ordinal));
    }

    private Task<ProcessResult> SyncAsync(SyncSandbox sandbox, params string[] requirements) => SyncAsync(sandbox, environment: null, requirements);

    private Task<ProcessResult> SyncAsync(SyncSandbox sandbox, IReadOnlyDictionary<string, string?>? environment, params string[] requirements)
    {
        var file = sandbox.WriteRequirements("requirements.txt", requirements.Length == 0 ? Set : requirements);
        return sandbox.SyncAsync([file, "--no-index", "-f", wheels.Folder, "-f", BytecodeFolder, "--compile-bytecode"], environment);
    }

    /// <summary>The .pyc files under a site-packages, as sorted RECORD-style paths.</summary>
    private static List<string> Bytecode(string sitePackages) =>
        Directory.GetFiles(sitePackages, "*.pyc", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(sitePackages, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<string> Record(string sitePackages, string distInfo) =>
        File.ReadAllText(Path.Combine(sitePackages, distInfo, "RECORD")).Split("\r\n")
            .Where(row => !row.StartsWith($"{distInfo}/INSTALLER,", StringComparison.Ordinal))
            .ToList();

    private static string WithoutLauncherHash(string row) =>
        row.StartsWith("../../../bin/", StringComparison.Ordinal) ? row.Split(',')[0] : row;

    /// <summary>No process carries <paramref name="mark"/>, an environment variable value only the run's processes had: the workers ended with it.</summary>
    private static void NoWorkerIsLeft(string mark)
    {
        var left = Directory.GetDirectories("/proc")
            .Where(folder => int.TryParse(Path.GetFileName(folder), out _))
            .Where(folder =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(folder, "environ")).Contains(mark, StringComparison.Ordinal);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // A process that ended meanwhile.
                    return false;
                }
            });
        left.Should().BeEmpty();
    }
}
