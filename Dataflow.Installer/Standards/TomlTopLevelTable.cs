using Tomlyn.Syntax;

namespace Dataflow.Installer.Standards;

/// <summary>
/// One top-level table of a TOML file (<c>[build-system]</c>, <c>[project]</c>) as plain values — string, list, nested
/// table, or <see cref="TomlBareValue"/> — read with Tomlyn's syntax tree, so that an error names its line. Both a
/// <c>[name]</c> header and dotted top-level keys (<c>name.key = ...</c>) are TOML's ways to write it.
/// </summary>
internal static class TomlTopLevelTable
{
    /// <summary>The table, or null when the file has none; a value when the file assigns the name a non-table value.</summary>
    /// <exception cref="FormatException">The text is not valid TOML; the message names <paramref name="fileLabel"/> and the line.</exception>
    public static object? Read(string text, string fileLabel, string name)
    {
        var document = Tomlyn.Parsing.SyntaxParser.Parse(text, fileLabel, validate: true);
        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(message => message.Kind == DiagnosticMessageKind.Error);
            throw new FormatException($"{fileLabel} is not valid TOML: line {first.Span.Start.Line + 1}: {first.Message}");
        }
        Dictionary<string, object>? table = null;
        foreach (var item in document.KeyValues)
        {
            var key = TomlKeys.Parts(item.Key!);
            if (key[0] == name)
            {
                table ??= new Dictionary<string, object>(StringComparer.Ordinal);
                if (key.Count == 1)
                {
                    return Value(item.Value!);
                }
                table[string.Join('.', key.Skip(1))] = Value(item.Value!);
            }
        }
        foreach (var header in document.Tables)
        {
            if (header is TableSyntax && TomlKeys.Parts(header.Name!) is [var only] && only == name)
            {
                table ??= new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var item in header.Items)
                {
                    table[TomlKeys.Text(item.Key!)] = Value(item.Value!);
                }
            }
        }
        return table;
    }

    private static object Value(ValueSyntax value) => value switch
    {
        StringValueSyntax text => text.Value ?? "",
        ArraySyntax array => array.Items.Select(item => Value(item.Value!)).ToList(),
        InlineTableSyntax inline => inline.Items.ToDictionary(item => TomlKeys.Text(item.KeyValue!.Key!), item => Value(item.KeyValue!.Value!)),
        _ => new TomlBareValue(value.ToString()?.Trim() ?? ""),
    };
}
