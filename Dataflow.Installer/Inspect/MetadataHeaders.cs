namespace Dataflow.Installer.Inspect;

/// <summary>
/// The header block of a core metadata file (METADATA, PKG-INFO), read the way Python 3.11's
/// <c>importlib.metadata</c> reads it, because that is what pip prints: a folded header keeps its line breaks,
/// and the common indentation of its lines (the first counted as indented by 8) is removed.
/// </summary>
internal sealed class MetadataHeaders
{
    private readonly List<KeyValuePair<string, string>> _headers;

    private MetadataHeaders(List<KeyValuePair<string, string>> headers) => _headers = headers;

    public static MetadataHeaders Empty { get; } = new([]);

    /// <summary>The first value of <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>Every value of <paramref name="name"/> (case-insensitive), in file order.</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        _headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value).ToList();

    /// <summary>The same headers with <paramref name="values"/> appended under <paramref name="name"/>.</summary>
    public MetadataHeaders With(string name, IEnumerable<string> values) =>
        new([.. _headers, .. values.Select(value => new KeyValuePair<string, string>(name, value))]);

    /// <summary>Reads the header block of <paramref name="text"/>; the body (the description) is ignored.</summary>
    public static MetadataHeaders Parse(string text)
    {
        var headers = new List<KeyValuePair<string, string>>();
        string? name = null;
        var value = new System.Text.StringBuilder();
        foreach (var rawLine in SplitLines(text))
        {
            var line = rawLine.TrimEnd('\r', '\n');
            if (line.Length == 0)
            {
                break;
            }
            if (line[0] is ' ' or '\t')
            {
                // A continuation line (RFC 822 folding): compat32 keeps it as written, line break included.
                if (name is not null)
                {
                    value.Append('\n').Append(line);
                }
                continue;
            }
            Flush();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                // Not a header: the email parser takes it as the start of the body.
                break;
            }
            name = line[..colon];
            value.Append(line[(colon + 1)..].TrimStart(' ', '\t'));
        }
        Flush();
        return new MetadataHeaders(headers);

        void Flush()
        {
            if (name is not null)
            {
                headers.Add(new KeyValuePair<string, string>(name, Redent(value.ToString())));
            }
            name = null;
            value.Clear();
        }
    }

    // importlib.metadata's Message._repair_headers: textwrap.dedent(8 spaces + value) for a value spanning lines.
    private static string Redent(string value)
    {
        if (!value.Contains('\n', StringComparison.Ordinal))
        {
            return value;
        }
        var lines = ("        " + value).Split('\n').Select(line => line.Trim(' ', '\t').Length == 0 ? "" : line).ToArray();
        string? margin = null;
        foreach (var line in lines.Where(line => line.Length > 0))
        {
            var indent = line[..(line.Length - line.TrimStart(' ', '\t').Length)];
            if (margin is null || margin.StartsWith(indent, StringComparison.Ordinal))
            {
                margin = indent;
            }
            else if (!indent.StartsWith(margin, StringComparison.Ordinal))
            {
                var common = 0;
                while (common < margin.Length && common < indent.Length && margin[common] == indent[common])
                {
                    common++;
                }
                margin = margin[..common];
            }
        }
        return string.Join('\n', lines.Select(line => margin is { Length: > 0 } && line.StartsWith(margin, StringComparison.Ordinal) ? line[margin.Length..] : line));
    }

    private static IEnumerable<string> SplitLines(string text)
    {
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
