namespace Dataflow.Installer.Resolve;

/// <summary>Core metadata that cannot be used: a required field is missing or a field's value is malformed.</summary>
internal sealed class CoreMetadataException(string message, Exception? inner = null) : Exception(message, inner);
