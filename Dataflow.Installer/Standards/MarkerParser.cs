namespace Dataflow.Installer.Standards;

/// <summary>A recursive descent parser for the PEP 508 <c>marker</c> grammar, over part of a larger text.</summary>
internal sealed class MarkerParser(string text, int start)
{
    private static readonly string[] SymbolOperators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];

    private int _position = start;

    /// <summary>Parses from <c>start</c> to the end of <c>text</c>.</summary>
    public MarkerNode ParseToEnd()
    {
        SkipWhitespace();
        if (AtEnd)
        {
            throw Error("Expected a marker (a variable or quoted string)");
        }
        var node = ParseOr();
        SkipWhitespace();
        if (!AtEnd)
        {
            throw Error("Expected 'and', 'or' or the end of the marker");
        }
        return node;
    }

    private bool AtEnd => _position >= text.Length;

    private MarkerNode ParseOr()
    {
        var node = ParseAnd();
        while (TryKeyword("or"))
        {
            node = new MarkerOr(node, ParseAnd());
        }
        return node;
    }

    private MarkerNode ParseAnd()
    {
        var node = ParseAtom();
        while (TryKeyword("and"))
        {
            node = new MarkerAnd(node, ParseAtom());
        }
        return node;
    }

    private MarkerNode ParseAtom()
    {
        SkipWhitespace();
        if (!AtEnd && text[_position] == '(')
        {
            _position++;
            var inner = ParseOr();
            SkipWhitespace();
            if (AtEnd || text[_position] != ')')
            {
                throw Error("Expected ')' to close the marker group");
            }
            _position++;
            return inner;
        }
        var left = ParseOperand();
        var op = ParseOperator();
        var right = ParseOperand();
        return new MarkerComparison(left, op, right);
    }

    private MarkerOperand ParseOperand()
    {
        SkipWhitespace();
        if (AtEnd)
        {
            throw Error("Expected a marker variable or quoted string");
        }
        var c = text[_position];
        if (c is '\'' or '"')
        {
            var close = text.IndexOf(c, _position + 1);
            if (close < 0)
            {
                throw Error($"Expected a closing {c} for the string");
            }
            var value = text[(_position + 1)..close];
            _position = close + 1;
            return new MarkerOperand(false, value);
        }
        var wordStart = _position;
        var word = ReadWord();
        if (word.Length == 0)
        {
            throw Error("Expected a marker variable or quoted string");
        }
        var canonical = MarkerVariables.Canonicalize(word);
        if (canonical is null)
        {
            _position = wordStart;
            throw Error($"Unknown marker variable '{word}'");
        }
        return new MarkerOperand(true, canonical);
    }

    private string ParseOperator()
    {
        SkipWhitespace();
        foreach (var symbol in SymbolOperators)
        {
            if (string.CompareOrdinal(text, _position, symbol, 0, symbol.Length) == 0)
            {
                _position += symbol.Length;
                return symbol;
            }
        }
        if (TryKeyword("in"))
        {
            return "in";
        }
        var before = _position;
        if (TryKeyword("not") && TryKeyword("in", needsWhitespace: true))
        {
            return "not in";
        }
        _position = before;
        throw Error("Expected a marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
    }

    // Reads an identifier-like word; a keyword is only one when a non-word character follows it.
    private string ReadWord()
    {
        var wordStart = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '.'))
        {
            _position++;
        }
        return text[wordStart.._position];
    }

    private bool TryKeyword(string keyword, bool needsWhitespace = false)
    {
        var before = _position;
        SkipWhitespace();
        if (needsWhitespace && _position == before)
        {
            return false;
        }
        if (ReadWord() == keyword)
        {
            return true;
        }
        _position = before;
        return false;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && text[_position] is ' ' or '\t')
        {
            _position++;
        }
    }

    private RequirementParseException Error(string problem) => new(problem, text, _position);
}
