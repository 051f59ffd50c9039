using System.Buffers;
using System.Text;

namespace Dataflow.Installer.Install;

/// <summary>
/// One line of an environment journal: <c>A path</c>, <c>D path</c> or <c>M path stash</c>, tab-separated, paths
/// relative to the environment with backslash, tab, CR and LF escaped (file names may hold any of them).
/// </summary>
internal sealed record JournalRecord(JournalAction Action, string Path, string? Stash = null)
{
    public void AppendTo(IBufferWriter<byte> output) => AppendTo(output, Action, Path, Stash);

    /// <summary>Appends one record's line, UTF-8, without making the record: an install announces every file it places.</summary>
    public static void AppendTo(IBufferWriter<byte> output, JournalAction action, ReadOnlySpan<char> path, string? stash = null)
    {
        Write(output, action switch
        {
            JournalAction.Added => "A\t"u8,
            JournalAction.CreatedDirectory => "D\t"u8,
            _ => "M\t"u8,
        });
        Escape(output, path);
        if (stash is not null)
        {
            Write(output, "\t"u8);
            Escape(output, stash);
        }
        Write(output, "\n"u8);
    }

    /// <summary>Reads one line (without its newline); null for a line that is not a record.</summary>
    public static JournalRecord? Parse(string line)
    {
        var fields = line.Split('\t');
        return fields switch
        {
            ["A", var path] => new JournalRecord(JournalAction.Added, Unescape(path)),
            ["D", var path] => new JournalRecord(JournalAction.CreatedDirectory, Unescape(path)),
            ["M", var path, var stash] => new JournalRecord(JournalAction.MovedAside, Unescape(path), Unescape(stash)),
            _ => null,
        };
    }

    // Runs between the escaped characters are encoded whole: the escaped ones are ASCII, so a surrogate pair is never split.
    private static void Escape(IBufferWriter<byte> output, ReadOnlySpan<char> value)
    {
        while (true)
        {
            var special = value.IndexOfAny("\\\t\n\r");
            var run = special < 0 ? value : value[..special];
            if (!run.IsEmpty)
            {
                var written = Encoding.UTF8.GetBytes(run, output.GetSpan(Encoding.UTF8.GetMaxByteCount(run.Length)));
                output.Advance(written);
            }
            if (special < 0)
            {
                return;
            }
            Write(output, value[special] switch
            {
                '\\' => @"\\"u8,
                '\t' => @"\t"u8,
                '\n' => @"\n"u8,
                _ => @"\r"u8,
            });
            value = value[(special + 1)..];
        }
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\'))
        {
            return value;
        }
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length)
            {
                result.Append(value[i]);
                continue;
            }
            i++;
            result.Append(value[i] switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                var other => other,
            });
        }
        return result.ToString();
    }
}
