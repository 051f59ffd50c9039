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
    /// <remarks>
    /// Synchronous, and decoded into a pooled buffer that is parsed as slices: a RECORD is small, an asynchronous read on
    /// Linux is a hop to the thread pool, and an install reads one per distribution only to keep its paths, hashes and sizes.
    /// </remarks>
    public static IReadOnlyList<RecordEntry> Read(string path)
    {
        return SmallFile.Read(path, static bytes => Decode(SmallFile.WithoutPreamble(bytes.AsSpan())));
    }

    private static List<RecordEntry> Decode(ReadOnlySpan<byte> body)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(Encoding.UTF8.GetMaxCharCount(body.Length), 1));
        try
        {
            return Parse(chars.AsSpan(0, Encoding.UTF8.GetChars(body, chars)));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Parses RECORD text; accepts LF and CRLF rows (pip writes CRLF, pypa/installer LF) and skips blank lines.</summary>
    public static IReadOnlyList<RecordEntry> Parse(string text) => Parse(text.AsSpan());

    private static List<RecordEntry> Parse(ReadOnlySpan<char> text)
    {
        var entries = new List<RecordEntry>();
        var fields = new List<Field>(3);
        var row = 0;
        var position = 0;
        while (ReadRow(text, ref position, fields))
        {
            row++;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            // pypa/installer insists on three columns; older tools wrote rows with only a path, and pip accepts those,
            // and reads the first three of a longer row (with a warning), so both are read so here.
            var path = fields[0].ToString(text);
            if (path.Length == 0)
            {
                throw new FormatException($"RECORD row {row} has an empty path.");
            }
            RecordHash? hash = null;
            if (fields.Count > 1 && fields[1].Length > 0 && !RecordHash.TryParse(fields[1].Span(text), out hash))
            {
                throw new FormatException($"RECORD row {row} ({path}) has a malformed hash '{fields[1].ToString(text)}'.");
            }
            long? size = null;
            if (fields.Count > 2 && fields[2].Length > 0)
            {
                if (!long.TryParse(fields[2].Span(text), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    throw new FormatException($"RECORD row {row} ({path}) has a non-integer size '{fields[2].ToString(text)}'.");
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
        FormatUtf8(entries, lineEnding, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary><see cref="FormatUtf8(IEnumerable{RecordEntry}, string)"/> into <paramref name="output"/>, which the caller writes out as it is.</summary>
    public static void FormatUtf8(IEnumerable<RecordEntry> entries, string lineEnding, ArrayBufferWriter<byte> output)
    {
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

    /// <summary>
    /// Reads the row at <paramref name="position"/> into <paramref name="fields"/>; false at the end of the text. An unquoted
    /// field is a range of the text (a RECORD's rows are nearly all unquoted, and most of their fields are parsed, not kept).
    /// </summary>
    private static bool ReadRow(ReadOnlySpan<char> text, ref int position, List<Field> fields)
    {
        fields.Clear();
        if (position >= text.Length)
        {
            return false;
        }
        var i = position;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                var quoted = new StringBuilder();
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
                            quoted.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    quoted.Append(text[i++]);
                }
                // As Python's csv module: characters after the closing quote belong to the same field.
                var rest = i;
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    i++;
                }
                quoted.Append(text[rest..i]);
                fields.Add(new Field(0, 0, quoted.ToString()));
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    i++;
                }
                fields.Add(new Field(start, i - start, null));
            }
            if (i >= text.Length)
            {
                position = i;
                return true;
            }
            if (text[i] == ',')
            {
                i++;
                continue;
            }
            i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
            position = i;
            return true;
        }
    }

    /// <summary>One field of a row: a range of the text, or the unescaped text of a quoted field.</summary>
    private readonly record struct Field(int Start, int Count, string? Quoted)
    {
        public int Length => Quoted?.Length ?? Count;

        public ReadOnlySpan<char> Span(ReadOnlySpan<char> text) => Quoted is null ? text.Slice(Start, Count) : Quoted;

        public string ToString(ReadOnlySpan<char> text) => Quoted ?? new string(text.Slice(Start, Count));
    }
}
