namespace Dataflow.Installer.Install;

/// <summary>No bytecode worker could be run for an interpreter; the message names it and why.</summary>
public sealed class BytecodeException : Exception
{
    public BytecodeException(string message)
        : base(message)
    {
    }

    public BytecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
