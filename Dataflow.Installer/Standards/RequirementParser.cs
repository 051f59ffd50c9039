namespace Dataflow.Installer.Standards;

/// <summary>Parses one PEP 508 requirement specifier, reporting the position of the first problem.</summary>
internal sealed class RequirementParser(string text)
{
    private int _position;

    private bool AtEnd => _position >= text.Length;

    private char Current => text[_position];

    public Requirement Parse()
    {
        SkipWhitespace();
        var nameText = ReadName();
        if (nameText.Length == 0)
        {
            throw Error("Expected a package name");
        }
        var name = PackageName.Parse(nameText);
        SkipWhitespace();
        var extras = AtEnd || Current != '[' ? [] : ParseExtras();
        SkipWhitespace();

        if (!AtEnd && Current == '@')
        {
            return ParseUrlRequirement(name, nameText, extras);
        }

        var specifierStart = _position;
        VersionSpecifierSet specifier;
        if (!AtEnd && Current == '(')
        {
            // PEP 508 allows the specifier list in parentheses: name (>=1.0, <2).
            _position++;
            specifier = ParseSpecifiers();
            SkipWhitespace();
            if (AtEnd || Current != ')')
            {
                throw Error("Expected a ',' and another version specifier, or ')' to close the list");
            }
            _position++;
        }
        else
        {
            specifier = ParseSpecifiers();
        }
        var after = _position == specifierStart ? text[..specifierStart].Trim() : text[specifierStart.._position].Trim();
        SkipWhitespace();
        MarkerExpression? marker = null;
        if (!AtEnd)
        {
            if (Current != ';')
            {
                throw Error(specifier.IsEmpty && _position == specifierStart
                    ? $"Expected a version specifier, '[', '@' or ';' after '{after}'"
                    : $"Expected ',' and another version specifier, or ';' after '{after}'");
            }
            marker = ParseMarker();
        }
        return new Requirement(name, nameText, extras, specifier, null, null, marker);
    }

    private Requirement ParseUrlRequirement(PackageName name, string nameText, IReadOnlyList<string> extras)
    {
        _position++; // '@'
        SkipWhitespace();
        var urlStart = _position;
        // PEP 508: the URL runs to whitespace, so "name@url;marker" makes the marker part of the URL.
        while (!AtEnd && Current is not (' ' or '\t'))
        {
            _position++;
        }
        var urlText = text[urlStart.._position];
        if (urlText.Length == 0)
        {
            throw Error("Expected a URL after '@'");
        }
        var url = ParseUrl(urlText) ?? throw new RequirementParseException(
            $"Expected an absolute URL (or a file: URL) after '@', not '{urlText}'", text, urlStart);
        SkipWhitespace();
        MarkerExpression? marker = null;
        if (!AtEnd)
        {
            if (Current != ';')
            {
                throw Error("Expected ';' and a marker, or the end, after the URL");
            }
            marker = ParseMarker();
        }
        return new Requirement(name, nameText, extras, VersionSpecifierSet.Any, url, urlText, marker);
    }

    /// <summary>
    /// An absolute URL with a scheme and, except for <c>file:</c> and <c>VCS+file:</c>, a host; or, for <c>file:</c> without
    /// <c>//</c> (<c>file:./wheels/x.whl</c>, accepted by pip 24+), a relative URI holding the path.
    /// </summary>
    internal static Uri? ParseUrl(string urlText)
    {
        if (urlText.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var rest = urlText[5..];
            if (!rest.StartsWith('/'))
            {
                return rest.Length > 0 && Uri.TryCreate(rest, UriKind.Relative, out var relative) ? relative : null;
            }
            if (!rest.StartsWith("//", StringComparison.Ordinal))
            {
                urlText = "file://" + rest; // file:/abs/path
            }
            return Uri.TryCreate(urlText, UriKind.Absolute, out var file) ? file : null;
        }
        // A version control URL over a local path (git+file:///repo) has no host either.
        return Uri.TryCreate(urlText, UriKind.Absolute, out var uri) && (uri.Host.Length > 0 || uri.Scheme.EndsWith("+file", StringComparison.Ordinal)) ? uri : null;
    }

    private IReadOnlyList<string> ParseExtras()
    {
        _position++; // '['
        var extras = new List<string>();
        SkipWhitespace();
        if (!AtEnd && Current == ']')
        {
            _position++;
            return extras;
        }
        while (true)
        {
            SkipWhitespace();
            var extra = ReadName();
            if (extra.Length == 0)
            {
                throw Error("Expected an extra name");
            }
            var normalized = PackageName.Parse(extra).Normalized;
            if (!extras.Contains(normalized))
            {
                extras.Add(normalized);
            }
            SkipWhitespace();
            if (AtEnd)
            {
                throw Error("Expected ',' or ']' after the extra name");
            }
            if (Current == ']')
            {
                _position++;
                return extras;
            }
            if (Current != ',')
            {
                throw Error($"Expected ',' or ']' after the extra '{extra}'");
            }
            _position++;
        }
    }

    private VersionSpecifierSet ParseSpecifiers()
    {
        var specifiers = new List<VersionSpecifier>();
        while (true)
        {
            SkipWhitespace();
            if (AtEnd || Current is not ('<' or '>' or '=' or '!' or '~'))
            {
                if (specifiers.Count > 0)
                {
                    throw Error("Expected a version specifier after ','");
                }
                return VersionSpecifierSet.Any;
            }
            var start = _position;
            while (!AtEnd && Current is '<' or '>' or '=' or '!' or '~')
            {
                _position++;
            }
            SkipWhitespace();
            while (!AtEnd && Current is not (' ' or '\t' or ',' or ';' or ')'))
            {
                _position++;
            }
            var clause = text[start.._position];
            if (!VersionSpecifier.TryParse(clause, out var specifier))
            {
                throw new RequirementParseException($"Invalid version specifier '{clause.Trim()}'", text, start);
            }
            specifiers.Add(specifier);
            var beforeComma = _position;
            SkipWhitespace();
            if (AtEnd || Current != ',')
            {
                _position = beforeComma;
                return VersionSpecifierSet.Create(specifiers);
            }
            _position++;
        }
    }

    private MarkerExpression ParseMarker()
    {
        _position++; // ';'
        return new MarkerExpression(new MarkerParser(text, _position).ParseToEnd());
    }

    // A PEP 508 identifier: letters, digits, '-', '_', '.', starting and ending with a letter or digit.
    private string ReadName()
    {
        var start = _position;
        if (AtEnd || !char.IsAsciiLetterOrDigit(Current))
        {
            return "";
        }
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '-' or '_' or '.'))
        {
            _position++;
        }
        while (!char.IsAsciiLetterOrDigit(text[_position - 1]))
        {
            _position--;
        }
        return text[start.._position];
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && Current is ' ' or '\t')
        {
            _position++;
        }
    }

    private RequirementParseException Error(string problem) => new(problem, text, _position);
}
