using Dataflow.Installer.Standards;

namespace Dataflow.Installer.Tests.Standards;

public sealed class EntryPointsTests
{
    [Fact]
    public void Console_and_gui_scripts_are_read_and_other_groups_ignored()
    {
        // The entry points specification's example, plus a gui script and a plugin group.
        var entryPoints = EntryPoints.Parse("""
            # comment
            [console_scripts]
            foo = foomod:main
            ; another comment
            bar = barmod.cli : App.run [extra1, extra2]

            [gui_scripts]
            foo-gui = foomod.gui:start

            [my.plugins]
            plain = just.a.module
            """);

        entryPoints.ConsoleScripts.Should().Equal(
            new EntryPoint("foo", "foomod", "main"),
            new EntryPoint("bar", "barmod.cli", "App.run"));
        entryPoints.GuiScripts.Should().Equal(new EntryPoint("foo-gui", "foomod.gui", "start"));
    }

    [Fact]
    public void A_dotted_attribute_imports_its_first_part()
    {
        new EntryPoint("x", "pkg.mod", "obj.sub.call").ImportName.Should().Be("obj");
    }

    [Fact]
    public void Names_keep_their_case_and_the_last_definition_wins_as_pip_installs_it()
    {
        var entryPoints = EntryPoints.Parse("[console_scripts]\nTool = a:b\nother = e:f\n[console_scripts]\nTool = c:d\n");

        entryPoints.ConsoleScripts.Should().Equal(new EntryPoint("Tool", "c", "d"), new EntryPoint("other", "e", "f"));
    }

    [Theory]
    [InlineData("tool = module")]
    [InlineData("tool = module:")]
    [InlineData("tool = 1module:main")]
    [InlineData("../tool = module:main")]
    [InlineData("tool = mod:main [extra")]
    [InlineData("no equals sign")]
    public void Invalid_script_entries_are_refused(string line)
    {
        var act = () => EntryPoints.Parse($"[console_scripts]\n{line}\n");

        act.Should().Throw<FormatException>().WithMessage("*line 2*");
    }

    [Fact]
    public void An_empty_file_has_no_scripts()
    {
        EntryPoints.Parse("").Should().BeEquivalentTo(EntryPoints.Empty);
    }
}
