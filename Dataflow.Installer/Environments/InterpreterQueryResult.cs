namespace Dataflow.Installer.Environments;

/// <summary>An interpreter's answer to the query script, with the facts only environment creation needs.</summary>
/// <param name="Info">What installing into it needs.</param>
/// <param name="RealExecutable">The interpreter's own binary, symlinks and shims resolved.</param>
/// <param name="BaseExecutable">The binary of the installation a virtual environment was made from (itself outside one).</param>
/// <param name="SysExecutable"><c>sys.executable</c>: what pip writes into scripts' <c>#!</c> line (a shim on PATH resolves to it).</param>
public sealed record InterpreterQueryResult(InterpreterInfo Info, string RealExecutable, string BaseExecutable, string? SysExecutable = null);
