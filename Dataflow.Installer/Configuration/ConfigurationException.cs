namespace Dataflow.Installer.Configuration;

/// <summary>A configuration source is wrong (a file's key of the wrong type, a variable that is not a number...): exit code 2.</summary>
internal sealed class ConfigurationException(string message) : Exception(message);
