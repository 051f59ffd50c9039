using System.Diagnostics.CodeAnalysis;

namespace Dataflow.Installer.Standards;

/// <summary>A parsed PEP 508 environment marker such as <c>python_version &lt; "3.8" and extra == "test"</c>.</summary>
public sealed class MarkerExpression : IEquatable<MarkerExpression>
{
    private readonly MarkerNode _root;
    private string? _text;

    internal MarkerExpression(MarkerNode root) => _root = root;

    /// <summary>The canonical variable names the marker reads, each once.</summary>
    public IReadOnlySet<string> Variables => _root.Variables().ToHashSet(StringComparer.Ordinal);

    /// <summary>True when the marker tests <c>extra</c>, i.e. it guards an optional dependency.</summary>
    public bool ReferencesExtra => _root.Variables().Contains(MarkerVariables.Extra);

    /// <summary>Parses a marker; unknown variables and malformed text throw <see cref="RequirementParseException"/>.</summary>
    public static MarkerExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MarkerExpression(new MarkerParser(text, 0).ParseToEnd());
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out MarkerExpression? marker)
    {
        marker = null;
        if (text is null)
        {
            return false;
        }
        try
        {
            marker = Parse(text);
            return true;
        }
        catch (RequirementParseException)
        {
            return false;
        }
    }

    /// <summary>
    /// Evaluates the marker in <paramref name="environment"/> (canonical variable names to values).
    /// With <paramref name="extras"/> given, the marker holds if it holds for any one of them as
    /// <c>extra</c> (or for <c>""</c> when none are requested), as pip evaluates a dependency's marker;
    /// without, <c>extra</c> comes from the environment, or is <c>""</c>.
    /// </summary>
    /// <exception cref="MarkerEvaluationException">A variable the marker needs has no value, or a comparison is undefined.</exception>
    public bool Evaluate(IReadOnlyDictionary<string, string> environment, IEnumerable<string>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (extras is null)
        {
            return _root.Evaluate(name => Lookup(environment, name, environment.GetValueOrDefault(MarkerVariables.Extra, "")));
        }
        var requested = extras.ToList();
        if (requested.Count == 0)
        {
            requested.Add("");
        }
        return requested.Any(extra => _root.Evaluate(name => Lookup(environment, name, extra)));
    }

    private static string Lookup(IReadOnlyDictionary<string, string> environment, string name, string extra)
    {
        if (name == MarkerVariables.Extra)
        {
            return extra;
        }
        return environment.TryGetValue(name, out var value)
            ? value
            : throw new MarkerEvaluationException($"The environment has no value for the marker variable '{name}'.");
    }

    public bool Equals(MarkerExpression? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is MarkerExpression other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>
    /// The normalised form: canonical variable names, double-quoted strings, single spaces around
    /// operators, and parentheses only where <c>or</c> sits inside <c>and</c>.
    /// </summary>
    public override string ToString() => _text ??= _root.Render(false);
}
