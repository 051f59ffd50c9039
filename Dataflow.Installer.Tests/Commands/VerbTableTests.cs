using System.Reflection;
using CommandLine;
using Dataflow.Installer.Commands;

namespace Dataflow.Installer.Tests.Commands;

public sealed class VerbTableTests
{
    [Fact]
    public void The_table_names_every_verb_class_by_its_own_Verb_attribute()
    {
        var declared = typeof(SyncOptions).Assembly.GetTypes()
            .Select(type => (Type: type, Verb: type.GetCustomAttribute<VerbAttribute>()))
            .Where(pair => pair.Verb is not null)
            .Select(pair => (pair.Verb!.Name, pair.Type));

        VerbTable.Verbs.Should().BeEquivalentTo(declared);
    }

    [Fact]
    public void A_command_line_starting_with_a_verb_is_parsed_against_that_verb_alone()
    {
        VerbTable.For(["sync", "requirements.txt", "--python", ".venv"]).Should().Equal(typeof(SyncOptions));
        VerbTable.For(["cache", "prune"]).Should().Equal(typeof(CacheOptions));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("Sync")]
    [InlineData("requirements.txt")]
    public void Anything_else_is_parsed_against_every_verb(string first)
    {
        VerbTable.For([first, "sync"]).Should().HaveCount(VerbTable.Verbs.Count);
        VerbTable.For([]).Should().HaveCount(VerbTable.Verbs.Count);
    }

    [Fact]
    public void A_verb_parsed_alone_gives_the_same_options_as_among_all_verbs()
    {
        string[] arguments = ["sync", "r.txt", "--python", ".venv", "--index-url", "http://127.0.0.1:1/simple/", "-q"];
        using var parser = new Parser(settings => settings.HelpWriter = null);

        var alone = parser.ParseArguments(arguments, VerbTable.For(arguments));
        var among = parser.ParseArguments(arguments, [.. VerbTable.Verbs.Select(verb => verb.Options)]);

        alone.Tag.Should().Be(ParserResultType.Parsed);
        alone.Value.Should().BeOfType<SyncOptions>().And.BeEquivalentTo(among.Value);
    }
}
