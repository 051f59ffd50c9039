using Dataflow.Installer.Requirements;

namespace Dataflow.Installer.Tests.Requirements;

public sealed class BinaryFormatControlTests
{
    [Fact]
    public void Names_are_normalised_and_move_between_the_sets()
    {
        var control = BinaryFormatControl.None
            .With("Foo_Bar,baz", onlyBinary: false)
            .With("foo.bar", onlyBinary: true);

        control.NoBinary.Should().BeEquivalentTo("baz");
        control.OnlyBinary.Should().BeEquivalentTo("foo-bar");
    }

    [Fact]
    public void All_clears_both_sets_and_ignores_the_names_after_it()
    {
        var control = BinaryFormatControl.None
            .With("numpy", onlyBinary: true)
            .With("scipy,:all:,pandas", onlyBinary: false);

        control.NoBinary.Should().BeEquivalentTo(":all:");
        control.OnlyBinary.Should().BeEmpty();
    }

    [Fact]
    public void None_after_all_clears_the_set_and_lets_later_names_count()
    {
        var control = BinaryFormatControl.None.With(":all:,scipy,:none:,numpy", onlyBinary: true);

        control.OnlyBinary.Should().BeEquivalentTo("numpy");
    }
}
