using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Dataflow.Installer.Standards;

/// <summary>Reads and writes a PEP 376 RECORD: CSV rows of <c>path,hash,size</c>, quoted as Python's csv module does.</summary>
public static class RecordFile
{
    /// <summary>The file's name inside a .dist-info folder.</summary>
    public const string FileName = "RECORD";

    /// <summary>Reads a RECORD file from disk.</summary>
    public static async Task<IReadOnlyList<RecordEntry>> ReadAsync(string path, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, ct).ConfigureAwait(false);
        return Parse(text);
    }

    /// <summary>Parses RECORD text; accepts LF and CRLF rows (pip writes CRLF, pypa/installer LF) and skips blank lines.</summary>
    public static IReadOnlyList<RecordEntry> Parse(string text)
    {
        var entries = new List<RecordEntry>();
        var row = 0;
        foreach (var fields in ReadRows(text))
        {
            row++;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            // pypa/installer insists on three columns; older tools wrote rows with only a path, which pip accepts.
            if (fields.Count > 3)
            {
                throw new FormatException($"RECORD row {row} has {fields.Count} columns, expected 3: {string.Join(",", fields)}");
            }
            var path = fields[0];
            if (path.Length == 0)
            {
                throw new FormatException($"RECORD row {row} has an empty path.");
            }
            RecordHash? hash = null;
            if (fields.Count > 1 && fields[1].Length > 0 && !RecordHash.TryParse(fields[1], out hash))
            {
                throw new FormatException($"RECORD row {row} ({path}) has a malformed hash '{fields[1]}'.");
            }
            long? size = null;
            if (fields.Count > 2 && fields[2].Length > 0)
            {
                if (!long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    throw new FormatException($"RECORD row {row} ({path}) has a non-integer size '{fields[2]}'.");
                }
                size = parsed;
            }
            entries.Add(new RecordEntry(path, hash, size));
        }
        return entries;
    }

    /// <summary>Formats rows as Python's csv module does: fields quoted only when needed, <paramref name="lineEnding"/> after each row.</summary>
    public static string Format(IEnumerable<RecordEntry> entries, string lineEnding = "\n") =>
        Encoding.UTF8.GetString(FormatUtf8(entries, lineEnding));

    /// <summary>
    /// <see cref="Format"/> straight into UTF-8 bytes, as the file is written: a warm sync writes a RECORD row for every
    /// file it links, and building the text first tripled what that cost in fresh memory.
    /// </summary>
    public static byte[] FormatUtf8(IEnumerable<RecordEntry> entries, string lineEnding = "\n")
    {
        var output = new ArrayBufferWriter<byte>(entries.TryGetNonEnumeratedCount(out var count) ? Math.Max(count, 1) * 128 : 4096);
        foreach (var entry in entries)
        {
            WriteField(output, entry.Path);
            Write(output, ",");
            if (entry.Hash is { } hash)
            {
                if (NeedsQuotes(hash.Algorithm))
                {
                    WriteField(output, hash.ToString());
                }
                else
                {
                    Write(output, hash.Algorithm);
                    Write(output, "=");
                    var digest = output.GetSpan(Base64Url.GetEncodedLength(hash.Digest.Length));
                    output.Advance(Base64Url.EncodeToUtf8(hash.Digest, digest));
                }
            }
            Write(output, ",");
            if (entry.Size is { } size)
            {
                var digits = output.GetSpan(20);
                size.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                output.Advance(written);
            }
            Write(output, lineEnding);
        }
        return output.WrittenSpan.ToArray();
    }

    // csv.QUOTE_MINIMAL: quote when the field holds the delimiter, the quote character or a line break;
    // a quote inside a quoted field is doubled.
    private static bool NeedsQuotes(string field) => field.AsSpan().IndexOfAny(",\"\r\n") >= 0;

    private static void WriteField(ArrayBufferWriter<byte> output, string field)
    {
        if (!NeedsQuotes(field))
        {
            Write(output, field);
            return;
        }
        Write(output, "\"");
        Write(output, field.Replace("\"", "\"\"", StringComparison.Ordinal));
        Write(output, "\"");
    }

    private static void Write(ArrayBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static IEnumerable<List<string>> ReadRows(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var atRowStart = true;
        while (i < text.Length)
        {
            atRowStart = false;
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("RECORD ends inside a quoted field.");
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                continue;
            }
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                fields.Add(field.ToString());
                field.Clear();
                yield return fields;
                fields = [];
                atRowStart = true;
                continue;
            }
            field.Append(c);
            i++;
        }
        if (!atRowStart)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
