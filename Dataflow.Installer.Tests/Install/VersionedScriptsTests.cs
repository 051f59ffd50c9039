using Dataflow.Installer.Install;
using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Install;

public sealed class VersionedScriptsTests
{
    private static EntryPoint Script(string name) => new(name, "pkg", "main");

    [Theory]
    [InlineData("pip", true)]
    [InlineData("pip3", true)]
    [InlineData("pip3.9", true)]
    [InlineData("pip10.12", true)]
    [InlineData("pip3.", false)]
    [InlineData("pip3.x", false)]
    [InlineData("pip-tools", false)]
    [InlineData("pipx", false)]
    [InlineData("pip.3", false)]
    public void A_versioned_pip_name_is_pip_with_an_optional_major_and_minor(string name, bool versioned)
    {
        VersionedScripts.IsPipName(name).Should().Be(versioned);
    }

    [Theory]
    [InlineData("easy_install", true)]
    [InlineData("easy_install-3.6", true)]
    [InlineData("easy_install-3", false)]
    [InlineData("easy_install3.6", false)]
    [InlineData("easy_install-3.6a", false)]
    public void A_versioned_easy_install_name_needs_a_dash_and_both_numbers(string name, bool versioned)
    {
        VersionedScripts.IsEasyInstallName(name).Should().Be(versioned);
    }

    [Fact]
    public void The_build_interpreters_names_are_replaced_by_the_targets_in_pips_order()
    {
        var scripts = VersionedScripts.ForInterpreter(
            [Script("pip3.9"), Script("other"), Script("pip"), Script("pip3"), Script("easy_install-3.6"), Script("easy_install")], 3, 11);

        scripts.Select(script => script.Name).Should().Equal("pip", "pip3", "pip3.11", "easy_install", "easy_install-3.11", "other");
    }

    [Fact]
    public void Versioned_names_stay_when_the_wheel_has_no_plain_pip_or_easy_install_script()
    {
        var scripts = VersionedScripts.ForInterpreter([Script("pip3.9"), Script("easy_install-3.6")], 3, 11);

        scripts.Select(script => script.Name).Should().Equal("pip3.9", "easy_install-3.6");
    }

    [Fact]
    public void Only_the_scripts_of_a_plain_name_present_are_replaced()
    {
        var scripts = VersionedScripts.ForInterpreter([Script("pip"), Script("pip3.9"), Script("easy_install-3.6")], 3, 12);

        scripts.Select(script => script.Name).Should().Equal("pip", "pip3", "pip3.12", "easy_install-3.6");
    }
}
