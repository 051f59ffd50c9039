namespace Dataflow.Installer.Install;

/// <summary>What became of one source file sent to a bytecode worker.</summary>
/// <param name="Source">The <c>.py</c> file's full path.</param>
/// <param name="Error">Null when its <c>.pyc</c> was written; otherwise why not (a SyntaxError, a worker that died).</param>
internal sealed record BytecodeResult(string Source, string? Error)
{
    public bool Succeeded => Error is null;
}
