using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Dataflow.Installer.Standards;

/// <summary>A PEP 508 dependency specification: a name, extras, and a version specifier or URL, with an optional marker.</summary>
public sealed class Requirement
{
    internal Requirement(
        PackageName name,
        string nameText,
        IReadOnlyList<string> extras,
        VersionSpecifierSet specifier,
        Uri? url,
        string? urlText,
        MarkerExpression? marker)
    {
        Name = name;
        NameText = nameText;
        Extras = extras;
        Specifier = specifier;
        Url = url;
        UrlText = urlText;
        Marker = marker;
    }

    public PackageName Name { get; }

    /// <summary>The name as written, e.g. <c>Django</c>.</summary>
    public string NameText { get; }

    /// <summary>The requested extras, PEP 503 normalised (PEP 685), in the order given, without repeats.</summary>
    public IReadOnlyList<string> Extras { get; }

    /// <summary>The version specifiers; <see cref="VersionSpecifierSet.Any"/> when none (always for URL requirements).</summary>
    public VersionSpecifierSet Specifier { get; }

    /// <summary>
    /// The URL of a <c>name @ url</c> requirement: absolute, or relative (<see cref="Uri.IsAbsoluteUri"/>
    /// false) for a <c>file:</c> URL holding a relative path, to resolve against the working directory.
    /// </summary>
    public Uri? Url { get; }

    /// <summary>The URL exactly as written.</summary>
    public string? UrlText { get; }

    public MarkerExpression? Marker { get; }

    /// <summary>Parses one requirement; failures throw <see cref="RequirementParseException"/> naming the position.</summary>
    public static Requirement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new RequirementParser(text).Parse();
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Requirement? requirement)
    {
        requirement = null;
        if (text is null)
        {
            return false;
        }
        try
        {
            requirement = Parse(text);
            return true;
        }
        catch (RequirementParseException)
        {
            return false;
        }
    }

    /// <summary>True when there is no marker, or it holds in <paramref name="environment"/> for one of <paramref name="extras"/>.</summary>
    public bool AppliesTo(IReadOnlyDictionary<string, string> environment, IEnumerable<string>? extras = null) =>
        Marker is null || Marker.Evaluate(environment, extras ?? []);

    /// <summary>A normalised rendering that parses back to an equal requirement.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(NameText);
        if (Extras.Count > 0)
        {
            builder.Append('[').AppendJoin(',', Extras).Append(']');
        }
        if (UrlText is not null)
        {
            builder.Append(" @ ").Append(UrlText);
            if (Marker is not null)
            {
                builder.Append(' '); // PEP 508: the URL ends at whitespace, so ';' needs one before it.
            }
        }
        else
        {
            builder.Append(Specifier);
        }
        if (Marker is not null)
        {
            builder.Append("; ").Append(Marker);
        }
        return builder.ToString();
    }
}
