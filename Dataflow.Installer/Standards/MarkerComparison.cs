namespace Dataflow.Installer.Standards;

/// <summary>A PEP 508 <c>marker_var marker_op marker_var</c> comparison.</summary>
internal sealed record MarkerComparison(MarkerOperand Left, string Operator, MarkerOperand Right) : MarkerNode
{
    public override bool Evaluate(Func<string, string> lookup)
    {
        var left = Left.Resolve(lookup);
        var right = Right.Resolve(lookup);
        if (IsVariable(MarkerVariables.Extra))
        {
            // PEP 685: extra names compare in their PEP 503 normalised form.
            left = NormalizeExtra(left);
            right = NormalizeExtra(right);
        }
        if (Operator is "in" or "not in" && Right is { IsVariable: true, Value: MarkerVariables.Extras or MarkerVariables.DependencyGroups })
        {
            // PEP 751: membership in a set of names, compared in their normalised form, not a substring test.
            var member = NormalizeExtra(left);
            var found = right.Split(MarkerVariables.SetSeparator, StringSplitOptions.RemoveEmptyEntries).Any(name => NormalizeExtra(name) == member);
            return Operator == "in" ? found : !found;
        }
        if (IsVariable(MarkerVariables.PythonFullVersion))
        {
            // Interpreters built from a source checkout report e.g. "3.13.0+"; pypa/packaging makes that
            // a local version so that version comparison still applies.
            left = RepairFullVersion(left);
        }
        return Compare(left, Operator, right);
    }

    /// <summary>
    /// PEP 508 "Environment Markers": when the right side with the operator is a valid PEP 440 specifier
    /// and the left side a valid version, compare as versions (pre-releases included); otherwise fall
    /// back to Python's string operators.
    /// </summary>
    internal static bool Compare(string left, string op, string right)
    {
        switch (op)
        {
            case "in":
                return right.Contains(left, StringComparison.Ordinal);
            case "not in":
                return !right.Contains(left, StringComparison.Ordinal);
        }
        if (VersionSpecifier.TryParse(op + right, out var specifier) && PackageVersion.TryParse(left, out var version))
        {
            return specifier.Contains(version, includePrereleases: true);
        }
        return op switch
        {
            "==" => string.Equals(left, right, StringComparison.Ordinal),
            "!=" => !string.Equals(left, right, StringComparison.Ordinal),
            "<" => string.CompareOrdinal(left, right) < 0,
            "<=" => string.CompareOrdinal(left, right) <= 0,
            ">" => string.CompareOrdinal(left, right) > 0,
            ">=" => string.CompareOrdinal(left, right) >= 0,
            "===" => string.Equals(left.Trim(), right.Trim(), StringComparison.OrdinalIgnoreCase),
            _ => throw new MarkerEvaluationException($"Cannot evaluate '{left}' {op} '{right}': '{op}' needs PEP 440 versions on both sides."),
        };
    }

    public override string Render(bool insideAnd) => $"{Left} {Operator} {Right}";

    public override IEnumerable<string> Variables()
    {
        if (Left.IsVariable)
        {
            yield return Left.Value;
        }
        if (Right.IsVariable)
        {
            yield return Right.Value;
        }
    }

    private bool IsVariable(string name) =>
        (Left.IsVariable && Left.Value == name) || (Right.IsVariable && Right.Value == name);

    private string RepairFullVersion(string value) =>
        Left is { IsVariable: true, Value: MarkerVariables.PythonFullVersion } && value.EndsWith('+') ? value + "local" : value;

    private static string NormalizeExtra(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        var lastWasSeparator = false;
        foreach (var c in value)
        {
            var isSeparator = c is '-' or '_' or '.';
            if (!isSeparator || !lastWasSeparator)
            {
                builder.Append(isSeparator ? '-' : char.ToLowerInvariant(c));
            }
            lastWasSeparator = isSeparator;
        }
        return builder.ToString();
    }
}
