namespace Dataflow.Installer.Resolve;

/// <summary>
/// The header fields of the core metadata format, which is RFC 822 email headers: <c>Name: value</c> lines,
/// continuation lines starting with whitespace, repeated fields for multiple-use ones, and a body (the long
/// description) after the first blank line.
/// </summary>
internal sealed class CoreMetadataHeaders
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private CoreMetadataHeaders(List<KeyValuePair<string, string>> fields) => _fields = fields;

    /// <summary>Every field in order, names as written, values unfolded and trimmed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>Reads the headers; the body and anything after a line that is not a header are ignored.</summary>
    public static CoreMetadataHeaders Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new List<KeyValuePair<string, string>>();
        string? name = null;
        var value = new System.Text.StringBuilder();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Length == 0)
            {
                break; // The body starts after the first blank line.
            }
            if (line[0] is ' ' or '\t')
            {
                if (name is null)
                {
                    break;
                }
                // RFC 822 unfolding removes the line break and keeps the whitespace.
                value.Append(line);
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0 || !IsFieldName(line.AsSpan(0, colon)))
            {
                // Python's email parser (which pip and importlib.metadata use) takes such a line as the
                // start of the body, so everything after it is not metadata.
                break;
            }
            Flush();
            name = line[..colon];
            value.Clear().Append(line.AsSpan(colon + 1));
        }
        Flush();
        return new CoreMetadataHeaders(fields);

        void Flush()
        {
            if (name is not null)
            {
                fields.Add(new(name, value.ToString().Trim()));
                name = null;
            }
        }
    }

    /// <summary>The first value of <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? GetFirst(string name) =>
        _fields.FirstOrDefault(field => string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Every value of the multiple-use field <paramref name="name"/> (case-insensitive), in order.</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        _fields.Where(field => string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase)).Select(field => field.Value).ToList();

    // RFC 822: a field name is printable ASCII other than space and colon.
    private static bool IsFieldName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }
        return true;
    }
}
