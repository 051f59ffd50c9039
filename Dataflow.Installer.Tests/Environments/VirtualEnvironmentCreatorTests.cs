using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.EndToEnd;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

/// <summary>Creates real virtual environments from the machine's python3 and asks them about themselves.</summary>
public sealed class VirtualEnvironmentCreatorTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<InterpreterQueryResult> QueryAsync(string python) =>
        PythonInterpreter.QueryAsync(python, null, CancellationToken.None);

    private async Task<string> CreateAsync(string directory) =>
        VirtualEnvironmentCreator.Create(directory, await QueryAsync(TargetEnvironment.FindOnPath("python3")));

    [Fact]
    public async Task A_new_environment_has_its_interpreter_site_packages_and_pyvenv_cfg()
    {
        var venv = _folder.Combine("venv");

        var python = await CreateAsync(venv);

        python.Should().Be(Path.Combine(venv, "bin", "python"));
        File.Exists(python).Should().BeTrue();
        File.Exists(Path.Combine(venv, "bin", "python3")).Should().BeTrue();
        File.Exists(Path.Combine(venv, "bin", "python3.11")).Should().BeTrue();
        File.Exists(Path.Combine(venv, "bin", "activate")).Should().BeTrue();
        Directory.Exists(Path.Combine(venv, "lib", "python3.11", "site-packages")).Should().BeTrue();
        var config = File.ReadAllLines(Path.Combine(venv, "pyvenv.cfg"));
        config.Should().Contain("include-system-site-packages = false");
        config.Should().Contain(line => line.StartsWith("home = /", StringComparison.Ordinal));
        config.Should().Contain(line => line.StartsWith("version = 3.11.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task System_site_packages_lets_the_environment_import_the_bases_and_says_so_in_pyvenv_cfg_as_venv_does()
    {
        var venv = _folder.Combine("venv");
        var reference = _folder.Combine("reference");
        (await ChildProcess.RunAsync("python3", ["-m", "venv", "--without-pip", "--system-site-packages", reference])).ShouldSucceed();

        var python = VirtualEnvironmentCreator.Create(venv, await QueryAsync(TargetEnvironment.FindOnPath("python3")), systemSitePackages: true);
        var paths = (await ChildProcess.RunAsync(python, ["-c", "import sys; print('\\n'.join(sys.path))"])).ShouldSucceed().Stdout;

        File.ReadAllLines(Path.Combine(venv, "pyvenv.cfg")).Should().Contain("include-system-site-packages = true")
            .And.Contain(File.ReadAllLines(Path.Combine(reference, "pyvenv.cfg")).Where(line => line.StartsWith("include-system", StringComparison.Ordinal)));
        paths.Split('\n').Should().Contain(path => path.EndsWith("site-packages", StringComparison.Ordinal) && !path.StartsWith(venv, StringComparison.Ordinal),
            "the base's site-packages follow the environment's own");
    }

    [Theory]
    [InlineData("project-x")]
    [InlineData("it's mine")]
    public async Task A_prompt_is_recorded_as_venv_records_it_and_shown_by_activate(string prompt)
    {
        var venv = _folder.Combine("venv");
        var reference = _folder.Combine("reference");
        (await ChildProcess.RunAsync("python3", ["-m", "venv", "--without-pip", "--prompt", prompt, reference])).ShouldSucceed();

        VirtualEnvironmentCreator.Create(venv, await QueryAsync(TargetEnvironment.FindOnPath("python3")), prompt: prompt);
        var shown = (await ChildProcess.RunAsync("bash", ["-c", $". '{venv}/bin/activate' && printf '%s|%s' \"$VIRTUAL_ENV_PROMPT\" \"$VIRTUAL_ENV\""])).ShouldSucceed().Stdout;

        File.ReadAllLines(Path.Combine(venv, "pyvenv.cfg")).Should()
            .Contain(File.ReadAllLines(Path.Combine(reference, "pyvenv.cfg")).Single(line => line.StartsWith("prompt = ", StringComparison.Ordinal)));
        shown.Should().Be($"({prompt}) |{venv}");
    }

    [Fact]
    public async Task Without_a_prompt_activate_shows_the_folders_name_and_pyvenv_cfg_has_none()
    {
        var venv = _folder.Combine("my-env");

        await CreateAsync(venv);
        var shown = (await ChildProcess.RunAsync("bash", ["-c", $". '{venv}/bin/activate' && printf '%s' \"$VIRTUAL_ENV_PROMPT\""])).ShouldSucceed().Stdout;

        shown.Should().Be("(my-env) ");
        File.ReadAllLines(Path.Combine(venv, "pyvenv.cfg")).Should().NotContain(line => line.StartsWith("prompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Python_sees_the_new_environment_as_a_virtual_environment()
    {
        var venv = _folder.Combine("venv");
        var python = await CreateAsync(venv);

        var info = (await QueryAsync(python)).Info;

        info.IsVirtualEnvironment.Should().BeTrue();
        info.Prefix.Should().Be(venv);
        info.Scheme.Purelib.Should().Be(Path.Combine(venv, "lib", "python3.11", "site-packages"));
    }

    [Fact]
    public async Task An_existing_environment_is_replaced()
    {
        var venv = _folder.Combine("venv");
        await CreateAsync(venv);
        var leftover = Path.Combine(venv, "lib", "python3.11", "site-packages", "leftover.py");
        File.WriteAllText(leftover, "");

        await CreateAsync(venv);

        File.Exists(leftover).Should().BeFalse();
        File.Exists(Path.Combine(venv, "pyvenv.cfg")).Should().BeTrue();
    }

    [Fact]
    public async Task A_folder_that_is_not_empty_and_not_an_environment_is_left_alone()
    {
        var folder = _folder.Combine("project");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "important.txt"), "keep me");

        var create = () => CreateAsync(folder);

        (await create.Should().ThrowAsync<InterpreterException>()).Which.Message.Should().Contain("not empty");
        File.ReadAllText(Path.Combine(folder, "important.txt")).Should().Be("keep me");
    }

    [Fact]
    public async Task A_venv_folder_resolves_to_its_interpreter()
    {
        var venv = _folder.Combine("venv");
        var python = await CreateAsync(venv);

        TargetEnvironment.ResolveInterpreter(venv).Should().Be(python);
    }

    [Fact]
    public void An_interpreter_path_resolves_to_itself()
    {
        var python = TargetEnvironment.FindOnPath("python3");

        TargetEnvironment.ResolveInterpreter(python).Should().Be(python);
    }

    [Fact]
    public void A_folder_without_bin_python_is_not_a_virtual_environment()
    {
        var folder = _folder.Combine("empty");
        Directory.CreateDirectory(folder);

        var resolve = () => TargetEnvironment.ResolveInterpreter(folder);

        resolve.Should().Throw<InterpreterException>().Which.Message.Should().Contain("is not a virtual environment").And.Contain("dfi venv");
    }

    [Fact]
    public void A_missing_environment_is_an_error_that_says_how_to_create_it()
    {
        var missing = _folder.Combine("nowhere");

        var resolve = () => TargetEnvironment.ResolveInterpreter(missing);

        resolve.Should().Throw<InterpreterException>().Which.Message.Should().Contain(missing).And.Contain($"dfi venv {missing}");
    }

    [Fact]
    public void An_interpreter_name_not_on_path_is_an_error()
    {
        var find = () => TargetEnvironment.FindOnPath("python-that-does-not-exist-3.99");

        find.Should().Throw<InterpreterException>().Which.Message.Should().Contain("python-that-does-not-exist-3.99");
    }

    [Fact]
    public void A_bare_version_means_the_python_of_that_version_on_path_as_in_uv()
    {
        var named = TargetEnvironment.TryFindOnPath("python3.11");

        named.Should().NotBeNull("this machine's python3 is a 3.11");
        TargetEnvironment.FindOnPath("3.11").Should().Be(named);
        TargetEnvironment.FindOnPath("3").Should().Be(TargetEnvironment.TryFindOnPath("python3"));
    }

    [Fact]
    public void A_bare_version_not_on_path_is_an_error_naming_the_program_looked_for()
    {
        var find = () => TargetEnvironment.FindOnPath("3.99");

        find.Should().Throw<InterpreterException>().Which.Message.Should().Contain("'python3.99'").And.Contain("--python 3.99");
    }
}
