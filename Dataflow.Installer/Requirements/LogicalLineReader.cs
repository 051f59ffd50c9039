using System.Text;
using System.Text.RegularExpressions;

namespace Dataflow.Installer.Requirements;

/// <summary>Turns a requirements file's text into logical lines, in pip's order: join continuations, strip comments, expand variables.</summary>
internal static partial class LogicalLineReader
{
    public static IEnumerable<LogicalLine> Read(string content, Func<string, string?> environment)
    {
        foreach (var (number, joined) in JoinContinuations(SplitPhysicalLines(content)))
        {
            var text = StripComment(joined).Trim();
            if (text.Length > 0)
            {
                yield return new LogicalLine(number, ExpandVariables(text, environment));
            }
        }
    }

    private static IEnumerable<(int Number, string Text)> SplitPhysicalLines(string content)
    {
        var number = 0;
        using var reader = new StringReader(content);
        while (reader.ReadLine() is { } line)
        {
            yield return (++number, line);
        }
    }

    /// <summary>Joins a line ending in <c>\</c> with the next one; a comment line ends a continuation (pip-tools writes
    /// <c>--hash=... \</c> followed by <c>    # via x</c>). The joined line takes the number of its first line.</summary>
    private static IEnumerable<(int Number, string Text)> JoinContinuations(IEnumerable<(int Number, string Text)> lines)
    {
        var pending = new StringBuilder();
        var inContinuation = false;
        var first = 0;
        foreach (var (number, line) in lines)
        {
            var isComment = IsCommentLine(line);
            if (!line.EndsWith('\\') || isComment)
            {
                // A leading space keeps a joined comment recognisable as one after joining.
                var text = isComment ? " " + line : line;
                if (inContinuation)
                {
                    yield return (first, pending.Append(text).ToString());
                    pending.Clear();
                    inContinuation = false;
                }
                else
                {
                    yield return (number, text);
                }
            }
            else
            {
                if (!inContinuation)
                {
                    first = number;
                    inContinuation = true;
                }
                pending.Append(line, 0, line.Length - 1);
            }
        }
        // A continuation on the last line of the file is fine: the file simply ends the line.
        if (inContinuation)
        {
            yield return (first, pending.ToString());
        }
    }

    private static bool IsCommentLine(string line) => line.TrimStart().StartsWith('#');

    /// <summary>A <c>#</c> starts a comment at the start of the line or after whitespace, so URL fragments
    /// (<c>foo.whl#sha256=...</c>) survive.</summary>
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }
        return line;
    }

    /// <summary>Only <c>${NAME}</c> with uppercase letters, digits and <c>_</c> (POSIX names) is expanded, as pip does;
    /// an unset or empty variable is left as written.</summary>
    private static string ExpandVariables(string text, Func<string, string?> environment) =>
        VariablePattern().Replace(text, match =>
        {
            var value = environment(match.Groups[1].Value);
            return string.IsNullOrEmpty(value) ? match.Value : value;
        });

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePattern();
}
