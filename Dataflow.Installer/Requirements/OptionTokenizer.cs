using System.Text;

namespace Dataflow.Installer.Requirements;

/// <summary>Splits a requirements line into its requirement text and its option words, the way pip does.</summary>
internal static class OptionTokenizer
{
    /// <summary>The words before the first one starting with <c>-</c> are the requirement, kept verbatim because shell
    /// splitting would mangle markers (<c>python_version &lt; "3.8"</c>); the rest are options.</summary>
    public static (string Requirement, string Options) SplitRequirementAndOptions(string line)
    {
        var index = 0;
        while (index < line.Length)
        {
            var atWordStart = index == 0 || line[index - 1] is ' ' or '\t';
            if (atWordStart && line[index] == '-')
            {
                break;
            }
            index++;
        }
        return (line[..index].Trim(), line[index..].Trim());
    }

    /// <summary>POSIX shell-like splitting (Python's <c>shlex.split</c>): whitespace separates words, quotes group,
    /// a backslash escapes outside single quotes.</summary>
    /// <exception cref="FormatException">A quote is not closed, or the text ends in an escape.</exception>
    public static IReadOnlyList<string> SplitWords(string options)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < options.Length; i++)
        {
            var c = options[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = options.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException("no closing quotation");
                    }
                    word.Append(options, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = ReadDoubleQuoted(options, i + 1, word);
                    break;
                case '\\':
                    if (++i == options.Length)
                    {
                        throw new FormatException("no escaped character");
                    }
                    word.Append(options[i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>Reads up to the closing <c>"</c>; inside, a backslash escapes only <c>"</c> and <c>\</c>. Returns the quote's index.</summary>
    private static int ReadDoubleQuoted(string text, int start, StringBuilder word)
    {
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return i;
            }
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                word.Append(text[++i]);
                continue;
            }
            word.Append(c);
        }
        throw new FormatException("no closing quotation");
    }
}
