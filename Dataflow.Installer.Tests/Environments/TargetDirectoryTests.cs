using Dataflow.Installer.Environments;
using Dataflow.Installer.Tests.Support;

namespace Dataflow.Installer.Tests.Environments;

public sealed class TargetDirectoryTests
{
    [Fact]
    public void A_target_holds_packages_and_data_at_its_top_scripts_in_bin_and_is_its_own_prefix()
    {
        var applied = TargetDirectory.Apply(TestInterpreters.CPython311Glibc, "/srv/build/package/");

        applied.Prefix.Should().Be("/srv/build/package");
        applied.Scheme.Should().Be(new SchemePaths("/srv/build/package", "/srv/build/package", "/srv/build/package/bin", "/srv/build/package/include/python", "/srv/build/package"));
        applied.Executable.Should().Be(TestInterpreters.CPython311Glibc.Executable, "the interpreter still writes the scripts' #! line");
    }

    [Fact]
    public void Headers_go_where_pip_target_puts_them_run_from_a_venv()
    {
        var inVenv = TestInterpreters.CPython311Glibc with { Prefix = "/srv/venv" };

        TargetDirectory.Apply(inVenv, "/srv/package").Scheme.Headers.Should().Be("/srv/package/include/site/python3.11");
    }

    [Fact]
    public void A_target_that_is_a_file_is_refused()
    {
        using var folder = new TemporaryDirectory();
        var file = folder.Combine("package.zip");
        File.WriteAllText(file, "");

        var apply = () => TargetDirectory.Apply(TestInterpreters.CPython311Glibc, file);

        apply.Should().Throw<InterpreterException>().WithMessage($"--target '{file}' is a file*");
    }
}
