namespace Dataflow.Installer.Resolve;

/// <summary>Requirements that cannot be resolved; the message names the chain of requirements that led there.</summary>
internal sealed class ResolutionException(string message, Exception? inner = null) : Exception(message, inner);
