using Tomlyn.Syntax;

namespace Dataflow.Installer.Standards;

/// <summary>The parts of a TOML key (<c>a."b.c".d</c> is <c>a</c>, <c>b.c</c>, <c>d</c>), for readers of Tomlyn's syntax tree.</summary>
internal static class TomlKeys
{
    public static IReadOnlyList<string> Parts(KeySyntax key)
    {
        var parts = new List<string> { Part(key.Key) };
        parts.AddRange(key.DotKeys.Select(dotted => Part(dotted.Key)));
        return parts;
    }

    public static string Text(KeySyntax key) => string.Join('.', Parts(key));

    private static string Part(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };
}
