using System.Net;

namespace Dataflow.Installer.Index;

/// <summary>
/// A forgiving single-pass scanner for the <c>a</c> and <c>base</c> tags of a PEP 503 page: linear in the
/// page's length (pages can be megabytes), attributes in any order, quoted or not, entities decoded.
/// </summary>
internal static class HtmlAnchorScanner
{
    public static List<HtmlTag> Scan(string html)
    {
        var tags = new List<HtmlTag>();
        var position = 0;
        while (position < html.Length)
        {
            var open = html.IndexOf('<', position);
            if (open < 0 || open + 1 >= html.Length)
            {
                break;
            }
            if (string.CompareOrdinal(html, open, "<!--", 0, 4) == 0)
            {
                var endOfComment = html.IndexOf("-->", open + 4, StringComparison.Ordinal);
                position = endOfComment < 0 ? html.Length : endOfComment + 3;
                continue;
            }
            var nameStart = open + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            var isAnchor = name.Equals("a", StringComparison.OrdinalIgnoreCase);
            var isBase = name.Equals("base", StringComparison.OrdinalIgnoreCase);
            if (!isAnchor && !isBase)
            {
                // Skipping to the next '<' rather than the next '>' keeps a stray '>' in text harmless;
                // script and style bodies are not special-cased because index pages carry no markup in them
                // that looks like an anchor.
                position = nameEnd > nameStart ? SkipTag(html, nameEnd) : open + 1;
                continue;
            }
            var attributes = ReadAttributes(html, nameEnd, out position);
            var text = "";
            if (isAnchor)
            {
                var textEnd = html.IndexOf('<', position);
                textEnd = textEnd < 0 ? html.Length : textEnd;
                text = WebUtility.HtmlDecode(html[position..textEnd]).Trim();
                position = textEnd;
            }
            tags.Add(new HtmlTag(isAnchor ? "a" : "base", attributes, text));
        }
        return tags;
    }

    /// <summary>Skips an uninteresting tag, respecting quotes so a '&gt;' inside an attribute does not end it.</summary>
    private static int SkipTag(string html, int position)
    {
        ReadAttributes(html, position, out var end, collect: false);
        return end;
    }

    private static Dictionary<string, string> ReadAttributes(string html, int position, out int end, bool collect = true)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = position;
        while (true)
        {
            while (i < html.Length && (char.IsWhiteSpace(html[i]) || html[i] == '/'))
            {
                i++;
            }
            if (i >= html.Length)
            {
                end = html.Length;
                return attributes;
            }
            if (html[i] == '>')
            {
                end = i + 1;
                return attributes;
            }
            var nameStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] is not ('=' or '>' or '/'))
            {
                i++;
            }
            var attributeName = collect ? html[nameStart..i].ToLowerInvariant() : "";
            while (i < html.Length && char.IsWhiteSpace(html[i]))
            {
                i++;
            }
            var value = "";
            if (i < html.Length && html[i] == '=')
            {
                i++;
                while (i < html.Length && char.IsWhiteSpace(html[i]))
                {
                    i++;
                }
                int valueStart;
                int valueEnd;
                if (i < html.Length && html[i] is '"' or '\'')
                {
                    var quote = html[i];
                    valueStart = i + 1;
                    valueEnd = html.IndexOf(quote, valueStart);
                    // An unclosed quote swallows the rest of the page, as browsers do; it cannot loop.
                    valueEnd = valueEnd < 0 ? html.Length : valueEnd;
                    i = Math.Min(valueEnd + 1, html.Length);
                }
                else
                {
                    valueStart = i;
                    while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>')
                    {
                        i++;
                    }
                    valueEnd = i;
                }
                if (collect)
                {
                    value = WebUtility.HtmlDecode(html[valueStart..valueEnd]);
                }
            }
            // The first occurrence of a duplicated attribute wins, as in HTML parsing.
            if (collect && attributeName.Length > 0)
            {
                attributes.TryAdd(attributeName, value);
            }
        }
    }
}
