using System.Globalization;
using System.Text;

namespace Dataflow.Installer.Inspect;

/// <summary>Writes JSON text byte-for-byte as Python's <c>json.dumps</c> does with its defaults (", " and ": " separators, ASCII only).</summary>
internal static class PythonJson
{
    /// <summary>A list of flat objects of strings, e.g. <c>[{"name": "a", "version": "1"}]</c>.</summary>
    public static string Array(IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> objects)
    {
        var builder = new StringBuilder("[");
        var firstObject = true;
        foreach (var properties in objects)
        {
            builder.Append(firstObject ? "{" : ", {");
            firstObject = false;
            for (var i = 0; i < properties.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }
                AppendString(builder, properties[i].Key);
                builder.Append(": ");
                AppendString(builder, properties[i].Value);
            }
            builder.Append('}');
        }
        return builder.Append(']').ToString();
    }

    /// <summary>A JSON string literal with ensure_ascii: every non-ASCII UTF-16 unit as a lower-case <c>\uXXXX</c>.</summary>
    public static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
    }
}
