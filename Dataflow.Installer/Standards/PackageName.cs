using System.Text;

namespace Dataflow.Installer.Standards;

/// <summary>A project name normalised as PEP 503 says: lowercase, runs of <c>-_.</c> become one <c>-</c>.</summary>
public readonly record struct PackageName
{
    private PackageName(string normalized) => Normalized = normalized;

    /// <summary>The PEP 503 normalised form, used for comparison and index URLs.</summary>
    public string Normalized { get; }

    /// <summary>The form used in wheel and dist-info file names (PEP 427 escaping: <c>-</c> becomes <c>_</c>).</summary>
    public string WheelEscaped => Normalized.Replace('-', '_');

    public static PackageName Parse(string name)
    {
        if (!IsValid(name))
        {
            throw new FormatException($"'{name}' is not a valid project name (PEP 508: letters, digits, '.', '-', '_', starting and ending with a letter or digit).");
        }
        return new PackageName(Normalize(name));
    }

    public static bool TryParse(string name, out PackageName result)
    {
        if (IsValid(name))
        {
            result = new PackageName(Normalize(name));
            return true;
        }
        result = default;
        return false;
    }

    /// <summary>
    /// The PEP 503 form of a name read from an environment, which may not be a valid name (old metadata, a stray
    /// folder): the normalised name when valid, else the text lower-cased, so that it still compares with itself.
    /// </summary>
    public static string NormalizeAny(string name) => TryParse(name, out var parsed) ? parsed.Normalized : name.ToLowerInvariant();

    public static bool IsValid(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    private static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        var lastWasSeparator = false;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (!lastWasSeparator)
                {
                    builder.Append('-');
                }
                lastWasSeparator = true;
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSeparator = false;
            }
        }
        return builder.ToString();
    }

    public override string ToString() => Normalized;
}
