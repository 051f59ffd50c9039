namespace Dataflow.Installer.Standards;

/// <summary>Helpers for PEP 508 marker environments: which variables one must have, and how to apply a marker (the interpreter query script asks for them).</summary>
public static class EnvironmentMarkers
{
    /// <summary>True when there is no marker, or it holds for <paramref name="extras"/> (see <see cref="MarkerExpression.Evaluate"/>).</summary>
    public static bool Evaluate(MarkerExpression? marker, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? extras = null) =>
        marker is null || marker.Evaluate(environment, extras ?? []);

    /// <summary>The PEP 508 variables <paramref name="environment"/> lacks; empty when it is complete.</summary>
    public static IReadOnlyList<string> MissingVariables(IReadOnlyDictionary<string, string> environment) =>
        MarkerVariables.EnvironmentNames.Where(name => !environment.ContainsKey(name)).ToList();
}
