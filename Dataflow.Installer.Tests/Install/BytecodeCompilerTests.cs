using Dataflow.Installer.Install;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Install;

/// <summary><c>--compile-bytecode</c> inside an environment's transaction: which files, RECORD rows, warnings, rollback.</summary>
public sealed class BytecodeCompilerTests : IDisposable
{
    private readonly JournalEnvironment _env = new();
    private readonly TemporaryDirectory _cache = new();
    private readonly List<string> _warnings = [];

    [Theory]
    // PEP 3147's own example, and a name with more dots (only the last ".py" goes).
    [InlineData("/lib/foo.py", "cpython-32", "/lib/__pycache__/foo.cpython-32.pyc")]
    [InlineData("/lib/pkg/a.b.py", "cpython-311", "/lib/pkg/__pycache__/a.b.cpython-311.pyc")]
    public void Bytecode_goes_to_pycache_beside_its_source_named_by_the_cache_tag(string source, string tag, string expected)
    {
        BytecodeCompiler.BytecodePath(source, tag).Should().Be(expected);
    }

    [Fact]
    public async Task Every_installed_file_ending_in_py_is_a_source_scripts_and_data_too_as_pip_compiles_them()
    {
        var wheel = new WheelBuilder("mu", "1.0")
            .Add("mu/__init__.py", "")
            .Add("mu/readme.txt", "not a module")
            .Add("mu-1.0.data/purelib/mu_extra.py", "")
            .Add("mu-1.0.data/scripts/mu-tool.py", "print('tool')\n", executable: true)
            .Add("mu-1.0.data/data/share/mu/example.py", "");

        var install = await InstallAsync(wheel, journal: null);

        install.Sources.Should().BeEquivalentTo(Path.Combine(_env.Purelib, "mu", "__init__.py"), Path.Combine(_env.Purelib, "mu_extra.py"),
            _env.Purelib + "/../../../bin/mu-tool.py", _env.Purelib + "/../../../share/mu/example.py");
    }

    [Fact]
    public async Task Each_pyc_is_added_to_its_record_without_hash_or_size_keeping_the_rows_sorted_with_crlf()
    {
        using var journal = EnvironmentJournal.Begin(_env.Prefix);
        var install = await InstallAsync(new WheelBuilder("mu", "1.0").Add("mu/__init__.py", "").Add("mu/z.py", "Z = 1\n"), journal);
        using var compiler = new BytecodeCompiler(2, _warnings.Add);

        await compiler.CompileAsync("python3", [install], journal, CancellationToken.None);

        File.ReadAllText(Path.Combine(install.Distribution.DistInfoPath, "RECORD")).Split("\r\n").Select(row => row.Split(',')[0]).Should().Equal(
            "mu-1.0.dist-info/INSTALLER", "mu-1.0.dist-info/METADATA", "mu-1.0.dist-info/RECORD", "mu-1.0.dist-info/REQUESTED",
            "mu-1.0.dist-info/WHEEL", "mu/__init__.py", "mu/__pycache__/__init__.cpython-311.pyc", "mu/__pycache__/z.cpython-311.pyc", "mu/z.py", "");
        File.ReadAllText(Path.Combine(install.Distribution.DistInfoPath, "RECORD")).Should()
            .Contain("\r\nmu/__pycache__/__init__.cpython-311.pyc,,\r\nmu/__pycache__/z.cpython-311.pyc,,\r\n");
        File.Exists(Path.Combine(_env.Purelib, "mu", "__pycache__", "z.cpython-311.pyc")).Should().BeTrue();
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task A_script_s_pyc_names_its_source_through_the_library_folder_and_braces_are_marked_interned_as_in_pip_s_pyc()
    {
        // pip compiles "site-packages/../../../bin/tool.py", and in its process "{" and "}" are interned (Python 3.11 here):
        // both are written into the .pyc, the first as the code's co_filename, the second as marshal's type byte.
        using var journal = EnvironmentJournal.Begin(_env.Prefix);
        var wheel = new WheelBuilder("xi", "1.0").Add("xi/__init__.py", "").Add("xi-1.0.data/scripts/tool.py", "BRACES = ('{', '}')\n");
        var install = await InstallAsync(wheel, journal);
        using var compiler = new BytecodeCompiler(2, _warnings.Add);

        await compiler.CompileAsync("python3", [install], journal, CancellationToken.None);

        var pyc = File.ReadAllBytes(Path.Combine(_env.Prefix, "bin", "__pycache__", "tool.cpython-311.pyc"));
        System.Text.Encoding.UTF8.GetString(pyc).Should().Contain(_env.Purelib + "/../../../bin/tool.py");
        // TYPE_SHORT_ASCII_INTERNED ('Z') with FLAG_REF, length 1, then the character; uninterned it would be 'z'.
        pyc.AsSpan().IndexOf(new byte[] { (byte)('Z' | 0x80), 1, (byte)'{' }).Should().BeGreaterThan(0);
        File.ReadAllText(Path.Combine(install.Distribution.DistInfoPath, "RECORD")).Should().StartWith("../../../bin/__pycache__/tool.cpython-311.pyc,,\r\n");
    }

    [Fact]
    public async Task A_module_that_does_not_compile_is_a_warning_naming_it_and_is_left_out_of_the_record()
    {
        using var journal = EnvironmentJournal.Begin(_env.Prefix);
        var install = await InstallAsync(new WheelBuilder("mu", "1.0").Add("mu/__init__.py", "").Add("mu/broken.py", "def broken(:\n"), journal);
        using var compiler = new BytecodeCompiler(2, _warnings.Add);

        await compiler.CompileAsync("python3", [install], journal, CancellationToken.None);

        _warnings.Should().ContainSingle().Which.Should().StartWith($"Cannot compile {Path.Combine(_env.Purelib, "mu", "broken.py")}: SyntaxError: ")
            .And.EndWith("(broken.py, line 1)");
        File.ReadAllText(Path.Combine(install.Distribution.DistInfoPath, "RECORD")).Should().Contain("mu/__pycache__/__init__.cpython-311.pyc,,")
            .And.NotContain("broken.cpython");
        Directory.GetFiles(Path.Combine(_env.Purelib, "mu", "__pycache__")).Select(Path.GetFileName).Should().Equal("__init__.cpython-311.pyc");
    }

    [Fact]
    public async Task A_rollback_removes_the_bytecode_and_every_pycache_it_created()
    {
        await InstallAsync(new WheelBuilder("nu", "1.0").Add("nu/__init__.py", ""), journal: null);
        var before = await _env.SnapshotAsync();
        using var journal = EnvironmentJournal.Begin(_env.Prefix);
        var install = await InstallAsync(JournalEnvironment.Wheel("mu", "1.0", "M = 1\n"), journal);
        using var compiler = new BytecodeCompiler(2, _warnings.Add);
        await compiler.CompileAsync("python3", [install], journal, CancellationToken.None);
        File.Exists(Path.Combine(_env.Purelib, "mu", "sub", "__pycache__", "deep.cpython-311.pyc")).Should().BeTrue();

        journal.Rollback();

        var after = await _env.SnapshotAsync();
        after.Files.ShouldBeUnchangedSince(before.Files);
        after.Folders.Should().Equal(before.Folders);
    }

    [Fact]
    public async Task An_interpreter_that_cannot_run_is_a_warning_and_the_record_is_left_as_it_was()
    {
        using var journal = EnvironmentJournal.Begin(_env.Prefix);
        var install = await InstallAsync(new WheelBuilder("mu", "1.0").Add("mu/__init__.py", ""), journal);
        var record = File.ReadAllText(Path.Combine(install.Distribution.DistInfoPath, "RECORD"));
        using var compiler = new BytecodeCompiler(1, _warnings.Add);

        await compiler.CompileAsync(Path.Combine(_env.Prefix, "bin", "no-such-python"), [install], journal, CancellationToken.None);

        _warnings.Should().ContainSingle().Which.Should().StartWith("No bytecode was compiled: Cannot start ");
        File.ReadAllText(Path.Combine(install.Distribution.DistInfoPath, "RECORD")).Should().Be(record);
    }

    [Fact]
    public async Task Environments_whose_python_links_to_one_interpreter_share_one_pool()
    {
        var python = (await ProcessRunner.RunCheckedAsync("python3", "-c", "import os, sys; print(os.path.realpath(sys.executable))")).Trim();
        var first = _cache.Combine("first-python");
        var second = _cache.Combine("second-python");
        File.CreateSymbolicLink(first, python);
        File.CreateSymbolicLink(second, python);
        using var journal = EnvironmentJournal.Begin(_env.Prefix);
        var mu = await InstallAsync(new WheelBuilder("mu", "1.0").Add("mu/__init__.py", ""), journal);
        var nu = await InstallAsync(new WheelBuilder("nu", "1.0").Add("nu/__init__.py", ""), journal);
        using var compiler = new BytecodeCompiler(1, _warnings.Add);

        await compiler.CompileAsync(first, [mu], journal, CancellationToken.None);
        await compiler.CompileAsync(second, [nu], journal, CancellationToken.None);

        compiler.PoolCount.Should().Be(1);
        File.Exists(Path.Combine(_env.Purelib, "mu", "__pycache__", "__init__.cpython-311.pyc")).Should().BeTrue();
        File.Exists(Path.Combine(_env.Purelib, "nu", "__pycache__", "__init__.cpython-311.pyc")).Should().BeTrue();
    }

    public void Dispose()
    {
        _env.Dispose();
        _cache.Dispose();
    }

    private async Task<BytecodeInstall> InstallAsync(WheelBuilder wheel, EnvironmentJournal? journal)
    {
        var folder = wheel.Unzip(_cache.Combine(Guid.NewGuid().ToString("N")[..8]));
        var request = new WheelInstallRequest(folder, _env.Scheme(wheel.Name), "/usr/bin/python3", LinkMode.Hardlink, Requested: true);
        return await new WheelInstaller().InstallWithSourcesAsync(request, journal, CancellationToken.None);
    }
}
