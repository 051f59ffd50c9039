using System.Globalization;
using System.Text;

namespace Dataflow.Installer.Build;

/// <summary>
/// Just enough TOML 1.0 to read <c>pyproject.toml</c>'s <c>[build-system]</c> table (PEP 518): every table is parsed so
/// that strings, arrays and comments elsewhere cannot be mistaken for it. Values are <see cref="string"/>,
/// <see cref="List{T}"/> of values, <see cref="Dictionary{TKey,TValue}"/> tables, or <see cref="TomlBareValue"/>.
/// </summary>
internal sealed class TomlDocumentReader
{
    private readonly string text;
    private readonly Dictionary<string, object> root = new(StringComparer.Ordinal);
    private readonly HashSet<Dictionary<string, object>> headerTables = new(ReferenceEqualityComparer.Instance);
    private int position;

    private TomlDocumentReader(string text) => this.text = text;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the line of the first error.</summary>
    public static Dictionary<string, object> Parse(string text)
    {
        var reader = new TomlDocumentReader(text);
        reader.ParseDocument();
        return reader.root;
    }

    private bool AtEnd => position >= text.Length;

    private char Current => text[position];

    private void ParseDocument()
    {
        var table = root;
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return;
            }
            if (TrySkipNewline())
            {
                continue;
            }
            if (Current == '#')
            {
                SkipComment();
                continue;
            }
            table = Current == '[' ? ParseHeader() : ParseKeyValue(table);
            ExpectEndOfLine();
        }
    }

    private Dictionary<string, object> ParseHeader()
    {
        var isArray = text.AsSpan(position).StartsWith("[[");
        position += isArray ? 2 : 1;
        SkipWhitespace();
        var keys = ParseKeyPath();
        Expect(isArray ? "]]" : "]");

        var table = root;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            table = Descend(table, keys[i]);
        }
        var last = keys[^1];
        if (isArray)
        {
            if (!table.TryGetValue(last, out var existing))
            {
                existing = table[last] = new List<object>();
            }
            if (existing is not List<object> list || list.Any(item => item is not Dictionary<string, object>))
            {
                throw Error($"'{string.Join('.', keys)}' is already defined as something other than an array of tables");
            }
            var element = new Dictionary<string, object>(StringComparer.Ordinal);
            list.Add(element);
            headerTables.Add(element);
            return element;
        }

        var target = Descend(table, last);
        // TOML forbids defining the same table twice with a header.
        if (!headerTables.Add(target))
        {
            throw Error($"table [{string.Join('.', keys)}] is defined twice");
        }
        return target;
    }

    private Dictionary<string, object> ParseKeyValue(Dictionary<string, object> table)
    {
        var keys = ParseKeyPath();
        Expect("=");
        SkipWhitespace();
        var value = ParseValue();
        Assign(table, keys, value);
        return table;
    }

    private void Assign(Dictionary<string, object> table, List<string> keys, object value)
    {
        // Dotted keys create (or extend) tables on the way (TOML 1.0, "Keys").
        for (var i = 0; i < keys.Count - 1; i++)
        {
            table = Descend(table, keys[i]);
        }
        if (!table.TryAdd(keys[^1], value))
        {
            throw Error($"key '{string.Join('.', keys)}' is defined twice");
        }
    }

    private Dictionary<string, object> Descend(Dictionary<string, object> table, string key)
    {
        if (!table.TryGetValue(key, out var existing))
        {
            var created = new Dictionary<string, object>(StringComparer.Ordinal);
            table[key] = created;
            return created;
        }
        return existing switch
        {
            Dictionary<string, object> child => child,
            List<object> { Count: > 0 } list when list[^1] is Dictionary<string, object> last => last,
            _ => throw Error($"key '{key}' is already a value, not a table"),
        };
    }

    private List<string> ParseKeyPath()
    {
        var keys = new List<string>();
        while (true)
        {
            keys.Add(ParseKey());
            SkipWhitespace();
            if (AtEnd || Current != '.')
            {
                return keys;
            }
            position++;
            SkipWhitespace();
        }
    }

    private string ParseKey()
    {
        if (AtEnd)
        {
            throw Error("expected a key");
        }
        if (Current == '"')
        {
            return ParseBasicString();
        }
        if (Current == '\'')
        {
            return ParseLiteralString();
        }
        var start = position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '-'))
        {
            position++;
        }
        return position > start ? text[start..position] : throw Error($"expected a key, found '{Current}'");
    }

    private object ParseValue()
    {
        if (AtEnd)
        {
            throw Error("expected a value");
        }
        var rest = text.AsSpan(position);
        return Current switch
        {
            '"' when rest.StartsWith("\"\"\"") => ParseMultiLineString('"'),
            '"' => ParseBasicString(),
            '\'' when rest.StartsWith("'''") => ParseMultiLineString('\''),
            '\'' => ParseLiteralString(),
            '[' => ParseArray(),
            '{' => ParseInlineTable(),
            _ => ParseBareValue(),
        };
    }

    private List<object> ParseArray()
    {
        position++;
        var items = new List<object>();
        while (true)
        {
            SkipWhitespaceNewlinesAndComments();
            if (!AtEnd && Current == ']')
            {
                position++;
                return items;
            }
            items.Add(ParseValue());
            SkipWhitespaceNewlinesAndComments();
            if (AtEnd)
            {
                throw Error("unterminated array");
            }
            if (Current == ',')
            {
                position++;
                continue;
            }
            if (Current != ']')
            {
                throw Error($"expected ',' or ']' in an array, found '{Current}'");
            }
        }
    }

    private Dictionary<string, object> ParseInlineTable()
    {
        position++;
        var table = new Dictionary<string, object>(StringComparer.Ordinal);
        SkipWhitespace();
        if (!AtEnd && Current == '}')
        {
            position++;
            return table;
        }
        // TOML 1.0 keeps an inline table on one line and allows no trailing comma.
        while (true)
        {
            SkipWhitespace();
            var keys = ParseKeyPath();
            Expect("=");
            SkipWhitespace();
            Assign(table, keys, ParseValue());
            SkipWhitespace();
            if (AtEnd)
            {
                throw Error("unterminated inline table");
            }
            position++;
            if (text[position - 1] == '}')
            {
                return table;
            }
            if (text[position - 1] != ',')
            {
                throw Error($"expected ',' or '}}' in an inline table, found '{text[position - 1]}'");
            }
        }
    }

    private TomlBareValue ParseBareValue()
    {
        var start = position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '_' or '-' or '+' or '.' or ':'))
        {
            position++;
        }
        // An offset date-time may use a space between date and time (TOML 1.0, "Offset Date-Time").
        if (position - start == 10 && position + 1 < text.Length && Current == ' ' && char.IsAsciiDigit(text[position + 1]) && text[start + 4] == '-')
        {
            position++;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '-' or '+' or '.' or ':'))
            {
                position++;
            }
        }
        return position > start
            ? new TomlBareValue(text[start..position])
            : throw Error($"expected a value, found '{(Current == '\n' ? "end of line" : Current.ToString())}'");
    }

    private string ParseBasicString()
    {
        position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current is '\n' or '\r')
            {
                throw Error("unterminated string");
            }
            var c = Current;
            position++;
            if (c == '"')
            {
                return builder.ToString();
            }
            if (c == '\\')
            {
                AppendEscape(builder);
                continue;
            }
            CheckControl(c);
            builder.Append(c);
        }
    }

    private string ParseLiteralString()
    {
        position++;
        var start = position;
        while (true)
        {
            if (AtEnd || Current is '\n' or '\r')
            {
                throw Error("unterminated string");
            }
            if (Current == '\'')
            {
                position++;
                return text[start..(position - 1)];
            }
            CheckControl(Current);
            position++;
        }
    }

    private string ParseMultiLineString(char quote)
    {
        position += 3;
        // A newline right after the opening delimiter is trimmed.
        TrySkipNewline();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unterminated multi-line string");
            }
            var c = Current;
            if (c == quote && text.AsSpan(position).StartsWith(new string(quote, 3)))
            {
                // Up to two quotes may sit just before the closing delimiter: """a""""" is 'a""'.
                var run = 0;
                while (position + run < text.Length && text[position + run] == quote && run < 5)
                {
                    run++;
                }
                builder.Append(quote, run - 3);
                position += run;
                return builder.ToString();
            }
            if (TrySkipNewline())
            {
                builder.Append('\n');
                continue;
            }
            position++;
            if (c == '\\' && quote == '"')
            {
                if (!SkipLineEndingBackslash())
                {
                    AppendEscape(builder);
                }
                continue;
            }
            CheckControl(c);
            builder.Append(c);
        }
    }

    /// <summary>After a backslash in a multi-line basic string: a line ending backslash eats all whitespace and newlines up to the next text.</summary>
    private bool SkipLineEndingBackslash()
    {
        var probe = position;
        while (probe < text.Length && text[probe] is ' ' or '\t')
        {
            probe++;
        }
        if (probe >= text.Length || text[probe] is not ('\n' or '\r'))
        {
            return false;
        }
        position = probe;
        do
        {
            SkipWhitespace();
        }
        while (TrySkipNewline());
        return true;
    }

    private void AppendEscape(StringBuilder builder)
    {
        if (AtEnd)
        {
            throw Error("unterminated escape sequence");
        }
        var c = Current;
        position++;
        switch (c)
        {
            case 'b': builder.Append('\b'); break;
            case 't': builder.Append('\t'); break;
            case 'n': builder.Append('\n'); break;
            case 'f': builder.Append('\f'); break;
            case 'r': builder.Append('\r'); break;
            case '"': builder.Append('"'); break;
            case '\\': builder.Append('\\'); break;
            case 'u': AppendCodePoint(builder, 4); break;
            case 'U': AppendCodePoint(builder, 8); break;
            default: throw Error($"invalid escape sequence '\\{c}'");
        }
    }

    private void AppendCodePoint(StringBuilder builder, int digits)
    {
        if (position + digits > text.Length
            || !int.TryParse(text.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint)
            || codePoint < 0 || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        {
            throw Error($"invalid unicode escape (expected {digits} hex digits naming a Unicode scalar value)");
        }
        position += digits;
        builder.Append(char.ConvertFromUtf32(codePoint));
    }

    private void CheckControl(char c)
    {
        if ((c < 0x20 && c != '\t') || c == 0x7F)
        {
            throw Error($"control character U+{(int)c:X4} must be escaped in a string");
        }
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && Current is ' ' or '\t')
        {
            position++;
        }
    }

    private void SkipComment()
    {
        while (!AtEnd && Current is not ('\n' or '\r'))
        {
            CheckControl(Current);
            position++;
        }
    }

    private void SkipWhitespaceNewlinesAndComments()
    {
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return;
            }
            if (Current == '#')
            {
                SkipComment();
            }
            else if (!TrySkipNewline())
            {
                return;
            }
        }
    }

    private bool TrySkipNewline()
    {
        if (AtEnd)
        {
            return false;
        }
        if (Current == '\n')
        {
            position++;
            return true;
        }
        if (Current == '\r' && position + 1 < text.Length && text[position + 1] == '\n')
        {
            position += 2;
            return true;
        }
        return false;
    }

    private void ExpectEndOfLine()
    {
        SkipWhitespace();
        if (!AtEnd && Current == '#')
        {
            SkipComment();
        }
        if (!AtEnd && !TrySkipNewline())
        {
            throw Error($"expected the end of the line, found '{Current}'");
        }
    }

    private void Expect(string token)
    {
        SkipWhitespace();
        if (!text.AsSpan(position).StartsWith(token))
        {
            throw Error($"expected '{token}'");
        }
        position += token.Length;
    }

    private FormatException Error(string message)
    {
        var line = 1 + text.AsSpan(0, Math.Min(position, text.Length)).Count('\n');
        return new FormatException($"line {line}: {message}");
    }
}
