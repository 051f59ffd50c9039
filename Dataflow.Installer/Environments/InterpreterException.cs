namespace Dataflow.Installer.Environments;

/// <summary>An interpreter could not be found, run or understood.</summary>
public sealed class InterpreterException(string message, Exception? inner = null) : Exception(message, inner);
