using System.Text;

namespace Dataflow.Installer.Install;

/// <summary>
/// One line of an environment journal: <c>A path</c>, <c>D path</c> or <c>M path stash</c>, tab-separated, paths
/// relative to the environment with backslash, tab, CR and LF escaped (file names may hold any of them).
/// </summary>
internal sealed record JournalRecord(JournalAction Action, string Path, string? Stash = null)
{
    public void AppendTo(StringBuilder line) => AppendTo(line, Action, Path, Stash);

    /// <summary>Appends one record's line without making the record: an install announces every file it places.</summary>
    public static void AppendTo(StringBuilder line, JournalAction action, ReadOnlySpan<char> path, string? stash = null)
    {
        line.Append(action switch
        {
            JournalAction.Added => 'A',
            JournalAction.CreatedDirectory => 'D',
            _ => 'M',
        });
        line.Append('\t');
        Escape(line, path);
        if (stash is not null)
        {
            line.Append('\t');
            Escape(line, stash);
        }
        line.Append('\n');
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

    private static void Escape(StringBuilder line, ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny("\\\t\n\r") < 0)
        {
            line.Append(value);
            return;
        }
        foreach (var character in value)
        {
            _ = character switch
            {
                '\\' => line.Append(@"\\"),
                '\t' => line.Append(@"\t"),
                '\n' => line.Append(@"\n"),
                '\r' => line.Append(@"\r"),
                _ => line.Append(character),
            };
        }
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
