namespace Dataflow.Installer.Standards;

/// <summary>A marker could not be evaluated: a variable has no value, or the comparison is undefined.</summary>
public sealed class MarkerEvaluationException(string message) : Exception(message);
