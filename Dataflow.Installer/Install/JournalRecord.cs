using System.Text;

namespace Dataflow.Installer.Install;

/// <summary>
/// One line of an environment journal: <c>A path</c>, <c>D path</c> or <c>M path stash</c>, tab-separated, paths
/// relative to the environment with backslash, tab, CR and LF escaped (file names may hold any of them).
/// </summary>
internal sealed record JournalRecord(JournalAction Action, string Path, string? Stash = null)
{
    public void AppendTo(StringBuilder line)
    {
        line.Append(Action switch
        {
            JournalAction.Added => 'A',
            JournalAction.CreatedDirectory => 'D',
            _ => 'M',
        });
        line.Append('\t');
        Escape(line, Path);
        if (Stash is not null)
        {
            line.Append('\t');
            Escape(line, Stash);
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

    private static void Escape(StringBuilder line, string value)
    {
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
